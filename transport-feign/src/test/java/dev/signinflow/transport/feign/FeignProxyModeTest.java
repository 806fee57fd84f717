package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeUser;
import dev.signinflow.transport.feign.ScriptedFapiServer.Recorded;
import dev.signinflow.transport.feign.ScriptedFapiServer.Scripted;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Proxy mode (clerk-research.md §7) and the end user's request context on the wire: the three
 * headers, the user agent and the locale; a node's users each counted by their own address at the
 * emulator; and the secret key in no log line, {@code toString}, exception or snapshot.
 */
class FeignProxyModeTest {
  private static final String KEY = "sk_test_Zq8Xw3Lk5Pn2Rt7Vb4Ny6Mc1Hd9Gf0Js";
  private static final String PROXY_URL = "https://app.example.com/__clerk";
  private static final String PASSWORD = "correct horse battery staple";
  private static final String ADA = "ada@example.com";
  private static final RequestContext USER =
      RequestContext.builder()
          .clientIp("198.51.100.23")
          .userAgent("Mozilla/5.0 {x} (X11)")
          .acceptLanguage("fr-CA,fr;q=0.8")
          .build();

  @Nested
  class OnTheWire {
    private final ScriptedFapiServer server = ScriptedFapiServer.start();

    @AfterEach
    void stop() {
      server.close();
    }

    private Recorded create(FeignSignInGateway gateway, RequestContext context) {
      server.enqueue(
          Scripted.status(200).token("tok_1").json(FapiBodies.needsClientTrust("sia_1")));
      gateway.createSignIn(context, Optional.empty(), Identifier.parse(ADA), Password.of(PASSWORD));
      return server.onlyRequest();
    }

    @Test
    void inProxyModeEveryRequestCarriesTheThreeHeaders() {
      FeignSignInGateway gateway =
          FeignSignInGateway.builder()
              .frontendApi(server.baseUrl())
              .proxyMode(PROXY_URL, KEY)
              .build();

      Recorded r = create(gateway, USER);

      assertThat(r.header("Clerk-Proxy-Url")).containsExactly(PROXY_URL);
      assertThat(r.header("Clerk-Secret-Key")).containsExactly(KEY);
      assertThat(r.header("X-Forwarded-For")).containsExactly("198.51.100.23");
      assertThat(r.header("User-Agent")).containsExactly("Mozilla/5.0 (x) (X11)");
      assertThat(r.form().get("locale")).containsExactly("fr-CA");
      assertThat(gateway.rateLimitBucket(USER)).hasValue("198.51.100.23");
    }

    @Test
    void inProxyModeACallWithoutContextSendsNoForwardedFor() {
      FeignSignInGateway gateway =
          FeignSignInGateway.builder()
              .frontendApi(server.baseUrl())
              .proxyMode(PROXY_URL, KEY)
              .build();

      Recorded r = create(gateway, RequestContext.none());

      assertThat(r.header("Clerk-Secret-Key")).containsExactly(KEY);
      assertThat(r.header("X-Forwarded-For")).isEmpty();
      assertThat(r.form()).doesNotContainKey("locale");
      assertThat(gateway.rateLimitBucket(RequestContext.none())).isEmpty();
    }

    @Test
    void withoutProxyModeTheContextStillGivesUserAgentAndLocaleButNoForwardedFor() {
      FeignSignInGateway gateway =
          FeignSignInGateway.builder().frontendApi(server.baseUrl()).build();

      Recorded r = create(gateway, USER);

      assertThat(r.header("Clerk-Proxy-Url")).isEmpty();
      assertThat(r.header("Clerk-Secret-Key")).isEmpty();
      assertThat(r.header("X-Forwarded-For")).isEmpty();
      assertThat(r.header("User-Agent")).containsExactly("Mozilla/5.0 (x) (X11)");
      assertThat(r.form().get("locale")).containsExactly("fr-CA");
      assertThat(gateway.rateLimitBucket(USER)).isEmpty();
    }

    @Test
    void everyOperationCarriesTheProxyHeaders() {
      FeignSignInGateway gateway =
          FeignSignInGateway.builder()
              .frontendApi(server.baseUrl())
              .proxyMode(PROXY_URL, KEY)
              .build();
      server.enqueue(
          Scripted.status(200).token("tok_2").json(FapiBodies.needsClientTrust("sia_1")));

      gateway.getSignIn(USER, Optional.of(ClientToken.of("tok_1")), "sia_1");

      Recorded r = server.onlyRequest();
      assertThat(r.method()).isEqualTo("GET");
      assertThat(r.header("Clerk-Secret-Key")).containsExactly(KEY);
      assertThat(r.header("X-Forwarded-For")).containsExactly("198.51.100.23");
    }
  }

  @Nested
  class Building {
    @Test
    void aProxyUrlOverPlainHttpToAnotherHostIsRefused() {
      assertThatThrownBy(
              () ->
                  FeignSignInGateway.builder()
                      .frontendApi("https://clerk.example.com")
                      .proxyMode("http://app.example.com/__clerk", KEY))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("HTTPS")
          .hasMessageNotContaining(KEY);
    }

    @Test
    void theSecretKeyNeverTravelsOverPlainHttpToAnotherHost() {
      assertThatThrownBy(
              () ->
                  FeignSignInGateway.builder()
                      .proxyMode(PROXY_URL, KEY)
                      .frontendApi("http://clerk.example.com"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining(KEY);
    }

    @Test
    void aMalformedSecretKeyIsRefusedWithoutRepeatingIt() {
      String bad = "pk_live_Zq8Xw3Lk5Pn2Rt7Vb4Ny6Mc1Hd9Gf0Js";
      assertThatThrownBy(() -> FeignSignInGateway.builder().proxyMode(PROXY_URL, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining(bad)
          .hasMessageNotContaining("Zq8Xw3");
    }

    @Test
    void toStringSaysProxyModeButNotTheKey() {
      FeignSignInGateway gateway =
          FeignSignInGateway.builder()
              .frontendApi("https://clerk.example.com")
              .proxyMode(PROXY_URL, KEY)
              .build();

      assertThat(gateway.toString())
          .contains("proxy mode", PROXY_URL, "[redacted]")
          .doesNotContain(KEY)
          .doesNotContain("Zq8Xw3");
      assertThat(gateway.proxyUrl()).hasValue(URI.create(PROXY_URL));
    }
  }

  @Nested
  class AgainstTheEmulator {
    private final FakeClerk fake = FakeClerk.builder().secretKey(KEY).build();
    private final FakeFapiServer server = FakeFapiServer.start(fake, 0);
    private final Capture logs = Capture.install();

    AgainstTheEmulator() {
      fake.addUser(FakeUser.withEmail(ADA).password(PASSWORD));
    }

    @AfterEach
    void stop() {
      server.close();
      logs.uninstall();
    }

    private SignInEngine engine(String key) {
      FeignSignInGateway gateway =
          FeignSignInGateway.builder()
              .frontendApi(server.baseUrl().toString())
              .proxyMode(PROXY_URL, key)
              .clock(fake.clock())
              .logLevel(feign.Logger.Level.FULL)
              .build();
      return SignInEngine.builder().gateway(gateway).clock(fake.clock()).build();
    }

    private static RequestContext from(String ip) {
      return RequestContext.builder().clientIp(ip).build();
    }

    @Test
    void twoUsersBehindOneNodeEachHaveTheirOwnLimitNeitherLimitedByTheOther() {
      SignInEngine engine = engine(KEY);
      List<OutcomeKind> first = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        first.add(
            engine
                .newFlow(DeviceId.of("a-" + i))
                .submitPassword(from("198.51.100.1"), ADA, PASSWORD)
                .kind());
      }
      StepResult second =
          engine.newFlow(DeviceId.of("b")).submitPassword(from("203.0.113.2"), ADA, PASSWORD);

      assertThat(first.subList(0, 5)).containsOnly(OutcomeKind.SUCCESS);
      assertThat(first.subList(5, 7)).containsOnly(OutcomeKind.RATE_LIMITED);
      assertThat(second.kind()).isEqualTo(OutcomeKind.SUCCESS);
      assertThat(second.state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    }

    @Test
    void aClientSendingForwardedForWithoutTheSecretKeyIsLimitedByItsSocketAddress()
        throws Exception {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        HttpRequest request =
            HttpRequest.newBuilder(
                    URI.create(
                        server.baseUrl()
                            + "/v1/client/sign_ins?_is_native=true&__clerk_api_version="
                            + FeignSignInGateway.API_VERSION))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "")
                .header("X-Forwarded-For", "198.51.100." + (10 + i))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "identifier=nobody%40example.com&password=x"))
                .build();
        statuses.add(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
      }

      assertThat(statuses.subList(0, 5)).doesNotContain(429);
      assertThat(statuses.subList(5, 7)).containsOnly(429);
    }

    @Test
    void theSecretKeyAppearsInNoLogToStringExceptionOrSnapshot() {
      List<String> seen = new ArrayList<>();
      for (String key : List.of(KEY, "sk_test_Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk")) {
        SignInEngine engine = engine(key);
        SignInFlow flow = engine.newFlow(DeviceId.of("laptop-" + key.hashCode()));
        StepResult r = flow.submitPassword(USER, ADA, PASSWORD);
        seen.add(r.toString());
        seen.add(r.errors().toString());
        seen.add(flow.toString());
        seen.add(flow.view().toString());
        seen.add(flow.snapshot().toString());
        seen.add(flow.snapshot().toJson());
        seen.add(engine.toString());
        seen.add(engine.session(USER, DeviceId.of("laptop-" + key.hashCode())).toString());
        GatewayResult<SignIn> raw =
            FeignSignInGateway.builder()
                .frontendApi(server.baseUrl().toString())
                .proxyMode(PROXY_URL, key)
                .build()
                .getSignIn(USER, Optional.empty(), "sia_missing");
        seen.add(raw.toString());
        if (raw instanceof GatewayResult.Unavailable<SignIn> u && u.cause().isPresent()) {
          StringWriter w = new StringWriter();
          u.cause().get().printStackTrace(new PrintWriter(w));
          seen.add(w.toString());
        }
      }
      seen.add(logs.text());

      assertThat(logs.text()).as("the FULL log of the calls").contains("Clerk-Secret-Key");
      for (String text : seen) {
        assertThat(text).doesNotContain(KEY).doesNotContain("Zq8Xw3Lk5Pn2");
        assertThat(text).doesNotContain("Aa1Bb2Cc3Dd4");
      }
    }
  }

  /** Keeps every record of every logger under {@code dev.signinflow} and {@code feign}. */
  static final class Capture extends Handler {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final List<Logger> loggers =
        List.of(
            Logger.getLogger("dev.signinflow"), Logger.getLogger("feign"), Logger.getLogger(""));
    private final List<Level> levels = new ArrayList<>();

    static Capture install() {
      Capture c = new Capture();
      c.setLevel(Level.ALL);
      for (Logger l : c.loggers) {
        c.levels.add(l.getLevel());
        l.setLevel(Level.ALL);
        l.addHandler(c);
      }
      return c;
    }

    void uninstall() {
      for (int i = 0; i < loggers.size(); i++) {
        loggers.get(i).removeHandler(this);
        loggers.get(i).setLevel(levels.get(i));
      }
    }

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    String text() {
      StringBuilder sb = new StringBuilder();
      for (LogRecord r : records) {
        String message = r.getMessage();
        if (r.getParameters() != null) {
          message = java.text.MessageFormat.format(message, r.getParameters());
        }
        sb.append(r.getLevel()).append(' ').append(message).append('\n');
        if (r.getThrown() != null) {
          StringWriter w = new StringWriter();
          r.getThrown().printStackTrace(new PrintWriter(w));
          sb.append(w).append('\n');
        }
      }
      return sb.toString();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
