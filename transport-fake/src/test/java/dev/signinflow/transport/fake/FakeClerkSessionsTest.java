package dev.signinflow.transport.fake;

import static dev.signinflow.transport.fake.Device.clientOf;
import static dev.signinflow.transport.fake.Device.firstError;
import static dev.signinflow.transport.fake.Device.session;
import static dev.signinflow.transport.fake.Device.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.transport.fake.Views.ClientView;
import dev.signinflow.transport.fake.Views.SessionView;
import dev.signinflow.transport.fake.Views.SignInView;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The fake's session rules, one named test each: single- and multi-session mode on a signed-in
 * client (clerk-research §4), sign-out by end, remove and remove-all (§3), and the client as {@code
 * GET /v1/client} shows it (§5).
 */
class FakeClerkSessionsTest {
  private static final String JANE = "jane@example.com";
  private static final String BOB = "bob@example.com";
  private static final String PASSWORD = "correct horse battery staple";

  private FakeClerk fake = FakeClerk.create();
  private Device device = Device.fresh(fake);

  private void multiSession() {
    fake =
        FakeClerk.builder()
            .settings(FakeSettings.defaults().toBuilder().singleSessionMode(false).build())
            .build();
    device = Device.fresh(fake);
  }

  /** A user with nothing to send a code to: a right password completes at once. */
  private void addUnchallenged(String email) {
    fake.addUser(FakeUser.withEmail(email).password(PASSWORD).emailVerified(false));
  }

  private String signedIn(Device d, String email) {
    return signIn(d.signIn(email, PASSWORD)).createdSessionId();
  }

  @Nested
  class SingleSessionMode {
    @Test
    void isTheDefaultAsInClerk() {
      assertThat(FakeSettings.defaults().singleSessionMode()).isTrue();
    }

    @Test
    void theSameUserOnASignedInClientGetsSessionExists() {
      addUnchallenged(JANE);
      signedIn(device, JANE);

      FapiResponse r = device.signIn(JANE, PASSWORD);

      assertThat(r.status()).isEqualTo(400);
      FapiError e = firstError(r);
      assertThat(e.code()).isEqualTo("session_exists");
      assertThat(e.message()).isEqualTo("Session already exists");
      assertThat(e.longMessage()).isEqualTo("You're already signed in.");
      assertThat(e.meta()).isEmpty();
      assertThat(r.traceId()).isNotBlank();
      assertThat(r.clientToken()).as("the token comes with the error").isPresent();
    }

    @Test
    void anotherUserOnASignedInClientGetsSessionExistsToo() {
      addUnchallenged(JANE);
      addUnchallenged(BOB);
      signedIn(device, JANE);

      FapiResponse r = device.signIn(BOB, PASSWORD);

      assertThat(r.status()).isEqualTo(400);
      assertThat(firstError(r).code()).isEqualTo("session_exists");
    }

    @Test
    void isAnsweredBeforeTheIdentifierOrPasswordIsLookedAt() {
      addUnchallenged(JANE);
      signedIn(device, JANE);

      assertThat(firstError(device.signIn(JANE, "not the password")).code())
          .isEqualTo("session_exists");
      assertThat(firstError(device.signIn("nobody@example.com", PASSWORD)).code())
          .isEqualTo("session_exists");
    }

    @Test
    void theRefusalStartsNoSignInAndOpensNoSession() {
      addUnchallenged(JANE);
      String session = signedIn(device, JANE);
      ClientView before = clientOf(device.client());

      device.signIn(JANE, PASSWORD);

      ClientView after = clientOf(device.client());
      assertThat(after.sessions()).extracting(SessionView::id).containsExactly(session);
      assertThat(after.signIn()).isEqualTo(before.signIn());
    }

    @Test
    void anotherClientOfTheSameUserIsNotRefused() {
      addUnchallenged(JANE);
      signedIn(device, JANE);

      FapiResponse r = Device.fresh(fake, "198.51.100.7").signIn(JANE, PASSWORD);

      assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void anEndedSessionDoesNotCount() {
      addUnchallenged(JANE);
      device.end(signedIn(device, JANE));

      assertThat(device.signIn(JANE, PASSWORD).status()).isEqualTo(200);
    }
  }

  @Nested
  class MultiSessionMode {
    @Test
    void theSameUserGetsIdentifierAlreadySignedInNamingTheSession() {
      multiSession();
      addUnchallenged(JANE);
      String session = signedIn(device, JANE);

      FapiResponse r = device.signIn(JANE, PASSWORD);

      assertThat(r.status()).isEqualTo(400);
      FapiError e = firstError(r);
      assertThat(e.code()).isEqualTo("identifier_already_signed_in");
      assertThat(e.message()).isEqualTo("You're already signed in");
      assertThat(e.longMessage()).isEqualTo("You're already signed in");
      assertThat(e.meta()).isEqualTo(Map.of("session_id", session));
    }

    @Test
    void isAnsweredBeforeThePasswordIsLookedAt() {
      multiSession();
      addUnchallenged(JANE);
      signedIn(device, JANE);

      assertThat(firstError(device.signIn(JANE, "not the password")).code())
          .isEqualTo("identifier_already_signed_in");
    }

    @Test
    void anotherUserSignsInBesideWithASecondSession() {
      multiSession();
      addUnchallenged(JANE);
      addUnchallenged(BOB);
      String janes = signedIn(device, JANE);

      FapiResponse r = device.signIn(BOB, PASSWORD);

      String bobs = signIn(r).createdSessionId();
      assertThat(clientOf(r).sessions()).extracting(SessionView::id).containsExactly(janes, bobs);
      assertThat(clientOf(r).lastActiveSessionId()).isEqualTo(bobs);
    }
  }

  @Nested
  class SignOut {
    @Test
    void removeTakesTheSessionOffTheClientAndKeepsTheDeviceKnown() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
      String id = signIn(device.signIn(JANE, PASSWORD)).id();
      device.prepare(id, "email_code");
      String session =
          signIn(device.attempt(id, "email_code", fake.lastCodeSentTo(JANE).orElseThrow()))
              .createdSessionId();

      FapiResponse r = device.remove(session);

      assertThat(session(r).status()).isEqualTo("removed");
      assertThat(clientOf(r).sessions()).isEmpty();
      assertThat(clientOf(r).lastActiveSessionId()).isNull();
      SignInView again = signIn(device.signIn(JANE, PASSWORD));
      assertThat(again.status()).as("no code on the known device").isEqualTo("complete");
      assertThat(clientOf(device.client()).sessions())
          .extracting(SessionView::id)
          .containsExactly(again.createdSessionId());
    }

    @Test
    void endKeepsTheSessionListedAsEnded() {
      addUnchallenged(JANE);
      String session = signedIn(device, JANE);

      device.end(session);

      assertThat(clientOf(device.client()).sessions())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.id()).isEqualTo(session);
                assertThat(s.status()).isEqualTo("ended");
              });
    }

    @Test
    void removeAllRemovesEverySessionAndKeepsTheClient() {
      multiSession();
      addUnchallenged(JANE);
      addUnchallenged(BOB);
      signedIn(device, JANE);
      signedIn(device, BOB);
      String client = clientOf(device.client()).id();

      FapiResponse r = device.removeAll();

      assertThat(r.status()).isEqualTo(200);
      ClientView after = (ClientView) r.body().orElseThrow();
      assertThat(after.id()).isEqualTo(client);
      assertThat(after.sessions()).isEmpty();
      assertThat(after.lastActiveSessionId()).isNull();
      assertThat(fake.isKnownDevice(fake.userId(JANE).orElseThrow(), device.clientToken().get()))
          .isTrue();
    }

    @Test
    void aSignedOutSessionIsNotFoundForEveryLaterCall() {
      addUnchallenged(JANE);
      String session = signedIn(device, JANE);
      device.remove(session);

      for (FapiResponse r :
          new FapiResponse[] {
            device.remove(session), device.end(session), device.sessionToken(session)
          }) {
        assertThat(r.status()).isEqualTo(404);
        assertThat(firstError(r).code()).isEqualTo("resource_not_found");
      }
    }

    @Test
    void removeAllWithoutAClientIsNotFound() {
      FapiResponse r = device.removeAll();

      assertThat(r.status()).isEqualTo(404);
      assertThat(r.clientToken()).as("no client is made").isEmpty();
    }
  }

  @Nested
  class GetClient {
    @Test
    void withoutAClientTheResponseIsNull() {
      FapiResponse r = device.client();

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEmpty();
      assertThat(r.clientToken()).isEmpty();
    }

    @Test
    void aSessionListsEveryIdentifierOfItsUser() {
      fake.addUser(
          FakeUser.withEmail(JANE)
              .password(PASSWORD)
              .emailVerified(false)
              .phone("+15550100999")
              .phoneVerified(false)
              .username("jane_d"));
      signedIn(device, JANE);

      SessionView s = clientOf(device.client()).sessions().get(0);

      assertThat(s.userId()).isEqualTo(fake.userId(JANE).orElseThrow());
      assertThat(s.userIdentifiers()).containsExactly(JANE, "+15550100999", "jane_d");
    }
  }

  @Nested
  class Digest {
    @Test
    void opensWithTheSessionMode() {
      assertThat(fake.stateDigest()).startsWith("mode single_session\n");
      fake.settings(FakeSettings.defaults().toBuilder().singleSessionMode(false).build());
      assertThat(fake.stateDigest()).startsWith("mode multi_session\n");
    }
  }
}
