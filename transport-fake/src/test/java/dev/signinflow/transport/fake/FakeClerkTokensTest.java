package dev.signinflow.transport.fake;

import static dev.signinflow.transport.fake.Device.clientOf;
import static dev.signinflow.transport.fake.Device.firstError;
import static dev.signinflow.transport.fake.Device.jwt;
import static dev.signinflow.transport.fake.Device.jwtPayload;
import static dev.signinflow.transport.fake.Device.session;
import static dev.signinflow.transport.fake.Device.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.transport.fake.Views.ClientView;
import dev.signinflow.transport.fake.Views.SessionView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The §11 decisions about clients, tokens and sessions, each with its default and a flip: error
 * bodies, the {@code Authorization} header, completion and touch, pending sessions, and client
 * token rotation.
 */
class FakeClerkTokensTest {
  private static final String JANE = "jane@example.com";
  private static final String BOB = "bob@example.com";
  private static final String PASSWORD = "correct horse battery staple";

  private FakeClerk fake = FakeClerk.create();
  private Device device = Device.fresh(fake);

  private void use(FakeSettings settings) {
    fake = FakeClerk.builder().settings(settings).build();
    device = Device.fresh(fake);
  }

  private static FakeSettings.Builder defaults() {
    return FakeSettings.defaults().toBuilder();
  }

  /** A user with nothing to send a code to: a right password completes at once. */
  private void addUnchallenged(String email) {
    fake.addUser(FakeUser.withEmail(email).password(PASSWORD).emailVerified(false));
  }

  /** Signs in a user who needs no challenge; returns the created session's id. */
  private String signedIn(Device d, String email) {
    return signIn(d.signIn(email, PASSWORD)).createdSessionId();
  }

  @Nested
  class ErrorBodies {
    @Test
    void carryTheErrorsAndATraceId() {
      FapiResponse r = device.signIn("nobody@example.com", PASSWORD);

      assertThat(r.errors())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.code()).isEqualTo("form_identifier_not_found");
                assertThat(e.message()).isNotBlank();
                assertThat(e.longMessage()).isNotBlank();
              });
      assertThat(r.traceId()).matches("[0-9a-f]{32}");
    }

    @Test
    void eachErrorHasItsOwnTraceId() {
      FapiResponse first = device.signIn("nobody@example.com", PASSWORD);
      FapiResponse second = device.signIn("nobody@example.com", PASSWORD);

      assertThat(first.traceId()).isNotEqualTo(second.traceId());
    }

    @Test
    void piggybackNoClient() {
      FapiResponse r = device.signIn("nobody@example.com", PASSWORD);

      assertThat(r.client()).isEmpty();
      assertThat(r.body()).isEmpty();
    }

    @Test
    void stillCarryTheClientToken() {
      FapiResponse r = device.signIn("nobody@example.com", PASSWORD);

      assertThat(r.clientToken()).isPresent();
      assertThat(clientOf(Device.holding(fake, r.clientToken().get()).client()).id())
          .startsWith("client_");
    }

    @Test
    void aSuccessHasNoErrorsAndNoTraceId() {
      addUnchallenged(JANE);

      FapiResponse r = device.signIn(JANE, PASSWORD);

      assertThat(r.errors()).isEmpty();
      assertThat(r.traceId()).isEmpty();
    }

    @Test
    void withRotationOffAnErrorCarriesTheSameToken() {
      use(defaults().rotateClientTokens(false).build());
      String token = device.signIn("nobody@example.com", PASSWORD).clientToken().orElseThrow();

      FapiResponse again = device.signIn("nobody@example.com", PASSWORD);

      assertThat(again.status()).isEqualTo(422);
      assertThat(again.clientToken()).contains(token);
    }
  }

  /**
   * In memory a request carries a token or none ({@link FapiRequest#clientToken()}): the header's
   * format ({@code Bearer <jwt>}, empty, anything else → 401 {@code
   * authorization_header_format_invalid}) is the HTTP server's to check, not {@link FakeClerk}'s,
   * so it is not tested here.
   */
  @Nested
  class AuthorizationHeader {
    @Test
    void firstContactWithoutATokenEstablishesAClient() {
      FapiResponse r = device.signIn("nobody@example.com", PASSWORD);

      assertThat(r.clientToken()).isPresent();
    }

    @Test
    void aClientReadWithoutATokenHasNoClientAndMintsNoToken() {
      FapiResponse r = device.client();

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.client()).isEmpty();
      assertThat(r.clientToken()).isEmpty();
    }

    @Test
    void anUnknownTokenNamesNoClient() {
      FapiResponse r = Device.holding(fake, "not.a-token.of-this-fake").client();

      assertThat(r.client()).isEmpty();
    }

    @Test
    void anUnknownTokenIsANewDevice() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
      Device known = Device.fresh(fake);
      String id = signIn(known.signIn(JANE, PASSWORD)).id();
      known.prepare(id, "email_code");
      known.attempt(id, "email_code", fake.lastCodeSentTo(JANE).orElseThrow());

      FapiResponse r = Device.holding(fake, "not.a-token.of-this-fake").signIn(JANE, PASSWORD);

      assertThat(signIn(r).status()).isEqualTo("needs_client_trust");
      assertThat(clientOf(r).id()).isNotEqualTo(clientOf(known.client()).id());
    }

    @Test
    void theTokenOfAKnownDeviceSkipsTheChallenge() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
      String id = signIn(device.signIn(JANE, PASSWORD)).id();
      device.prepare(id, "email_code");
      String session =
          signIn(device.attempt(id, "email_code", fake.lastCodeSentTo(JANE).orElseThrow()))
              .createdSessionId();
      device.remove(session);

      FapiResponse r =
          Device.holding(fake, device.clientToken().orElseThrow()).signIn(JANE, PASSWORD);

      assertThat(signIn(r).status()).isEqualTo("complete");
    }
  }

  @Nested
  class Completion {
    @Test
    void setsTheClientsLastActiveSessionToTheNewSession() {
      addUnchallenged(JANE);

      FapiResponse r = device.signIn(JANE, PASSWORD);

      assertThat(clientOf(r).lastActiveSessionId()).isEqualTo(signIn(r).createdSessionId());
    }

    @Test
    void aTouchIsAcceptedAndLeavesTheSessionActive() {
      addUnchallenged(JANE);
      String sessionId = signedIn(device, JANE);

      FapiResponse r = device.touch(sessionId);

      assertThat(r.status()).isEqualTo(200);
      assertThat(session(r).status()).isEqualTo("active");
      assertThat(clientOf(r).lastActiveSessionId()).isEqualTo(sessionId);
    }

    @Test
    void aSecondTouchChangesNothing() {
      addUnchallenged(JANE);
      String sessionId = signedIn(device, JANE);
      ClientView once = clientOf(device.touch(sessionId));

      ClientView twice = clientOf(device.touch(sessionId));

      assertThat(twice.lastActiveSessionId()).isEqualTo(once.lastActiveSessionId());
      assertThat(twice.sessions()).extracting(SessionView::id).containsExactly(sessionId);
    }

    @Test
    void aTouchSelectsAnotherSessionOfTheClient() {
      use(defaults().singleSessionMode(false).build());
      addUnchallenged(JANE);
      addUnchallenged(BOB);
      String janes = signedIn(device, JANE);
      signedIn(device, BOB);

      FapiResponse r = device.touch(janes);

      assertThat(clientOf(r).lastActiveSessionId()).isEqualTo(janes);
      assertThat(clientOf(r).sessions()).hasSize(2);
    }

    @Test
    void aSessionOfAnotherClientCannotBeTouched() {
      addUnchallenged(JANE);
      String sessionId = signedIn(device, JANE);

      FapiResponse r = Device.fresh(fake, "198.51.100.9").touch(sessionId);

      assertThat(r.status()).isEqualTo(404);
      assertThat(firstError(r).code()).isEqualTo("resource_not_found");
    }

    @Test
    void anEndedSessionLeavesTheClientWithNoActiveSession() {
      addUnchallenged(JANE);
      String sessionId = signedIn(device, JANE);

      FapiResponse r = device.end(sessionId);

      assertThat(session(r).status()).isEqualTo("ended");
      assertThat(clientOf(r).lastActiveSessionId()).isNull();
      assertThat(clientOf(r).sessions())
          .as("an ended session stays listed")
          .singleElement()
          .satisfies(s -> assertThat(s.status()).isEqualTo("ended"));
    }

    @Test
    void withSessionTasksTheSignInStillCompletesAndTheSessionIsLastActive() {
      use(defaults().sessionTasks(List.of("choose-organization")).build());
      addUnchallenged(JANE);

      FapiResponse r = device.signIn(JANE, PASSWORD);

      assertThat(signIn(r).status()).isEqualTo("complete");
      assertThat(clientOf(r).lastActiveSessionId()).isEqualTo(signIn(r).createdSessionId());
    }
  }

  @Nested
  class PendingSessions {
    @Test
    void byDefaultASessionIsActiveWithoutTasks() {
      addUnchallenged(JANE);

      SessionView s = clientOf(device.signIn(JANE, PASSWORD)).sessions().get(0);

      assertThat(s.status()).isEqualTo("active");
      assertThat(s.tasks()).isEmpty();
    }

    @Test
    void byDefaultATokenCarriesStsActive() {
      addUnchallenged(JANE);
      String sessionId = signedIn(device, JANE);

      String payload = jwtPayload(jwt(device.sessionToken(sessionId)));

      assertThat(payload).contains("\"sts\":\"active\"").contains("\"sid\":\"" + sessionId + "\"");
    }

    @Test
    void withTasksTheSessionIsPendingWithThem() {
      use(defaults().sessionTasks(List.of("choose-organization")).build());
      addUnchallenged(JANE);

      SessionView s = clientOf(device.signIn(JANE, PASSWORD)).sessions().get(0);

      assertThat(s.status()).isEqualTo("pending");
      assertThat(s.tasks()).containsExactly("choose-organization");
    }

    @Test
    void aPendingSessionGetsATokenWithStsPending() {
      use(defaults().sessionTasks(List.of("choose-organization")).build());
      addUnchallenged(JANE);
      String sessionId = signedIn(device, JANE);

      FapiResponse r = device.sessionToken(sessionId);

      assertThat(r.status()).isEqualTo(200);
      assertThat(jwtPayload(jwt(r))).contains("\"sts\":\"pending\"");
    }

    @Test
    void aTokenAnswerIsBareWithoutAClient() {
      addUnchallenged(JANE);
      String sessionId = signedIn(device, JANE);

      assertThat(device.sessionToken(sessionId).client()).isEmpty();
    }
  }

  @Nested
  class RotateClientTokens {
    @Test
    void byDefaultEveryAnswerCarriesANewToken() {
      List<String> tokens = new ArrayList<>();
      device.signIn("nobody@example.com", PASSWORD).clientToken().ifPresent(tokens::add);
      for (int i = 0; i < 3; i++) {
        device.client().clientToken().ifPresent(tokens::add);
      }

      assertThat(tokens).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void byDefaultAnEarlierTokenStillNamesTheClient() {
      String first = device.signIn("nobody@example.com", PASSWORD).clientToken().orElseThrow();
      String clientId = clientOf(device.client()).id();
      for (int i = 0; i < 5; i++) {
        device.client();
      }

      assertThat(clientOf(Device.holding(fake, first).client()).id()).isEqualTo(clientId);
    }

    @Test
    void byDefaultOnlyTheNewestTokensWork() {
      String first = device.signIn("nobody@example.com", PASSWORD).clientToken().orElseThrow();
      for (int i = 0; i < FakeClerk.TOKENS_KEPT_PER_CLIENT - 1; i++) {
        device.client(); // tokens 2 to N: the first is the oldest of those kept
      }
      Device old = Device.holding(fake, first);
      assertThat(old.client().client()).isPresent(); // this answer mints token N + 1

      assertThat(Device.holding(fake, first).client().client()).isEmpty();
    }

    @Test
    void whenOffEveryAnswerCarriesTheSameToken() {
      use(defaults().rotateClientTokens(false).build());
      String first = device.signIn("nobody@example.com", PASSWORD).clientToken().orElseThrow();

      assertThat(device.client().clientToken()).contains(first);
      assertThat(device.client().clientToken()).contains(first);
    }

    @Test
    void whenOffTheTokenNeverExpiresFromUse() {
      use(defaults().rotateClientTokens(false).build());
      String first = device.signIn("nobody@example.com", PASSWORD).clientToken().orElseThrow();
      for (int i = 0; i < 20; i++) {
        device.client();
      }

      assertThat(Device.holding(fake, first).client().client()).isPresent();
    }
  }
}
