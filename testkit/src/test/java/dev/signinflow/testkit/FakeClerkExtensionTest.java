package dev.signinflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeClock;
import dev.signinflow.transport.fake.FakeSettings;
import dev.signinflow.transport.fake.FakeSignInGateway;
import dev.signinflow.transport.fake.FakeUser;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The extension, run on sample test classes through JUnit's own engine. */
class FakeClerkExtensionTest {
  static final List<Object> SEEN = new ArrayList<>();
  static final List<Integer> PORTS = new ArrayList<>();

  private static Events run(Class<?> sample) {
    SEEN.clear();
    PORTS.clear();
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(sample))
        .execute()
        .testEvents();
  }

  @Test
  void suppliesOneFakeToEverythingATestAsksFor() {
    Events events = run(SharedFake.class);
    events.assertStatistics(s -> s.succeeded(1).failed(0));
  }

  @Test
  void eachTestGetsAFreshFake() {
    run(TwoTests.class).assertStatistics(s -> s.succeeded(2).failed(0));
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
  }

  @Test
  void startsTheServerOnLoopbackAndClosesItAfterTheTest() {
    run(OverHttp.class).assertStatistics(s -> s.succeeded(1).failed(0));
    assertThat(PORTS).hasSize(1);
    assertThatThrownBy(() -> new Socket("127.0.0.1", PORTS.get(0)).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aFactoryChoosesTheFakesSettingsAndUsers() {
    run(WithDemoUsers.class).assertStatistics(s -> s.succeeded(1).failed(0));
    run(WithSettings.class).assertStatistics(s -> s.succeeded(1).failed(0));
  }

  @Test
  void beforeEachAndTheTestShareTheFake() {
    run(BeforeEachShares.class).assertStatistics(s -> s.succeeded(1).failed(0));
  }

  @Test
  void aFakeAskedForInBeforeAllLivesForTheClass() {
    run(ClassWide.class).assertStatistics(s -> s.succeeded(2).failed(0));
    assertThat(SEEN).hasSize(3);
    assertThat(SEEN.get(1)).isSameAs(SEEN.get(0));
    assertThat(SEEN.get(2)).isSameAs(SEEN.get(0));
  }

  @Test
  void aParameterItCannotSupplyIsLeftToOthers() {
    run(Unsupported.class).assertStatistics(s -> s.succeeded(0).failed(1));
  }

  // ---- samples, run only through EngineTestKit (surefire skips nested classes) --------------

  @ExtendWith(FakeClerkExtension.class)
  static class SharedFake {
    @Test
    void signsInThroughTheEngine(
        FakeClerk fake, FakeClock clock, FakeSignInGateway gateway, SignInEngine engine) {
      assertThat(clock).isSameAs(fake.clock());
      fake.addUser(FakeUser.withEmail("ada@example.com").password("correct horse"));
      StepResult r =
          engine.newFlow(DeviceId.of("laptop")).submitPassword("ada@example.com", "correct horse");
      assertThat(r.state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
      assertThat(fake.lastCodeSentTo("ada@example.com")).isPresent();
      assertThat(gateway.toString()).contains("127.0.0.1");
    }
  }

  @ExtendWith(FakeClerkExtension.class)
  static class TwoTests {
    @Test
    void first(FakeClerk fake) {
      SEEN.add(fake);
      fake.addUser(FakeUser.withEmail("ada@example.com").password("x"));
    }

    @Test
    void second(FakeClerk fake) {
      SEEN.add(fake);
      fake.addUser(FakeUser.withEmail("ada@example.com").password("x"));
    }
  }

  @ExtendWith(FakeClerkExtension.class)
  static class OverHttp {
    @Test
    void answersTheEnvironment(FakeFapiServer server, FakeClerk fake)
        throws IOException, InterruptedException {
      PORTS.add(server.port());
      assertThat(server.fake()).isSameAs(fake);
      assertThat(server.baseUrl().getHost()).isEqualTo("127.0.0.1");
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/environment"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }

  static class WithDemoUsers {
    @RegisterExtension static final FakeClerkExtension CLERK = FakeClerkExtension.withDemoUsers();

    @Test
    void hasTheDemoUsers(FakeClerk fake) {
      assertThat(fake.userId(DemoSeed.ADA)).isPresent();
      assertThat(fake.userId(DemoSeed.GRACE)).isPresent();
    }
  }

  static class WithSettings {
    @RegisterExtension
    static final FakeClerkExtension CLERK =
        FakeClerkExtension.of(
            () ->
                FakeClerk.builder()
                    .settings(FakeSettings.defaults().toBuilder().clientTrust(false).build())
                    .build());

    @Test
    void signsInWithoutAChallenge(FakeClerk fake, SignInEngine engine) {
      fake.addUser(FakeUser.withEmail("ada@example.com").password("correct horse"));
      StepResult r =
          engine.newFlow(DeviceId.of("laptop")).submitPassword("ada@example.com", "correct horse");
      assertThat(r.state()).isEqualTo(SignInState.COMPLETE);
    }
  }

  @ExtendWith(FakeClerkExtension.class)
  static class BeforeEachShares {
    FakeClerk before;

    @BeforeEach
    void seed(FakeClerk fake) {
      before = fake;
      fake.addUser(FakeUser.withEmail("ada@example.com").password("x"));
    }

    @Test
    void seesTheSeed(FakeClerk fake) {
      assertThat(fake).isSameAs(before);
      assertThat(fake.userId("ada@example.com")).isPresent();
    }
  }

  @ExtendWith(FakeClerkExtension.class)
  static class ClassWide {
    @BeforeAll
    static void seed(FakeClerk fake) {
      SEEN.add(fake);
    }

    @Test
    void one(FakeClerk fake) {
      SEEN.add(fake);
    }

    @Test
    void two(FakeClerk fake) {
      SEEN.add(fake);
    }
  }

  @ExtendWith(FakeClerkExtension.class)
  static class Unsupported {
    @Test
    void wantsAString(String nothing) {}
  }
}
