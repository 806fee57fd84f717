package dev.signinflow.transport.fake;

import static dev.signinflow.transport.fake.Device.firstError;
import static dev.signinflow.transport.fake.Device.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fake's memory is bounded: at most {@code maxClients} clients, the least recently used one
 * forgotten (with its sign-ins and sessions) as if it had expired, and the newest {@link
 * FakeClerk#OUTBOX_KEPT} messages in the outbox.
 */
class FakeClerkRetentionTest {
  private static final String JANE = "jane@example.com";
  private static final String PASSWORD = "correct horse battery staple";

  private final FakeClerk fake = FakeClerk.builder().maxClients(2).build();

  private String signedInSession(Device d) {
    return signIn(d.signIn(JANE, PASSWORD)).createdSessionId();
  }

  /** A user with nothing to send a code to, so a right password completes at once. */
  private void addJane() {
    fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD).emailVerified(false));
  }

  @Test
  void theLeastRecentlyUsedClientIsForgottenWhenANewOneWouldPassTheBound() {
    addJane();
    Device a = Device.fresh(fake);
    Device b = Device.fresh(fake);
    String sessionA = signedInSession(a);
    String sessionB = signedInSession(b);
    assertThat(a.touch(sessionA).status()).isEqualTo(200); // a is now the most recently used

    Device c = Device.fresh(fake);
    signedInSession(c);

    assertThat(fake.toString()).contains("2 clients");
    assertThat(a.touch(sessionA).status()).as("kept: used after b").isEqualTo(200);
    FapiResponse forgotten = b.touch(sessionB);
    assertThat(forgotten.status()).isEqualTo(404);
    assertThat(firstError(forgotten).code()).isEqualTo("resource_not_found");
    assertThat(fake.isKnownDevice(fake.userId(JANE).orElseThrow(), b.clientToken().orElseThrow()))
        .isFalse();
  }

  @Test
  void aForgottenDevicesNextSignInStartsANewClientAsAnExpiredOnesWould() {
    addJane();
    Device a = Device.fresh(fake);
    String signInA = signIn(a.signIn(JANE, PASSWORD)).id();
    String oldToken = a.clientToken().orElseThrow();
    Device.fresh(fake).signIn(JANE, PASSWORD);
    Device.fresh(fake).signIn(JANE, PASSWORD); // a is forgotten now

    assertThat(a.get(signInA).status()).isEqualTo(404);
    FapiResponse again = a.signIn(JANE, PASSWORD);
    assertThat(again.status()).isEqualTo(200);
    assertThat(a.clientToken()).isPresent().get().isNotEqualTo(oldToken);
  }

  @Test
  void oneDeviceSigningInAgainAndAgainKeepsOnlyItsNewestSignInsAndSessions() {
    // Multi-session, so that Jane's first session stays signed in while John signs in and out.
    FakeClerk busy =
        FakeClerk.builder()
            .settings(
                FakeSettings.defaults().toBuilder()
                    .rateLimitWindow(Duration.ZERO)
                    .singleSessionMode(false)
                    .build())
            .build();
    String john = "john@example.com";
    busy.addUser(FakeUser.withEmail(JANE).password(PASSWORD).emailVerified(false));
    busy.addUser(FakeUser.withEmail(john).password(PASSWORD).emailVerified(false));
    Device d = Device.fresh(busy);
    Views.SignInView first = signIn(d.signIn(JANE, PASSWORD));
    Views.SignInView second = signIn(d.signIn(john, PASSWORD));
    String firstSignIn = first.id();
    String firstSession = first.createdSessionId();
    String secondSignIn = second.id();
    assertThat(d.end(second.createdSessionId()).status()).isEqualTo(200); // the second has ended
    String last = null;
    for (int i = 2; i <= FakeClerk.KEPT_PER_CLIENT; i++) { // one sign-in more than is kept
      if (last != null) {
        assertThat(d.end(last).status()).isEqualTo(200); // John signs out before signing in
      }
      last = signIn(d.signIn(john, PASSWORD)).createdSessionId();
    }

    assertThat(d.get(firstSignIn).status()).as("the oldest sign-in is forgotten").isEqualTo(404);
    assertThat(d.get(secondSignIn).status()).as("the next one is kept").isNotEqualTo(404);
    assertThat(d.touch(firstSession).status())
        .as("an ended session goes first, so the older, active one is kept")
        .isEqualTo(200);
    assertThat(d.touch(last).status()).isEqualTo(200);
    assertThat(busy.isKnownDevice(busy.userId(JANE).orElseThrow(), d.clientToken().orElseThrow()))
        .isTrue();
  }

  @Test
  void aForgottenClientLeavesNoKnownDeviceBehind() {
    // Regression: forgetting a client forgot the known-device entries only of users whose sessions
    // the client still kept, so a user whose sessions had aged out stayed "known" to a client that
    // no longer existed, and the fake grew with every such client.
    FakeClerk busy =
        FakeClerk.builder()
            .maxClients(1)
            .settings(FakeSettings.defaults().toBuilder().rateLimitWindow(Duration.ZERO).build())
            .build();
    String john = "john@example.com";
    busy.addUser(FakeUser.withEmail(JANE).password(PASSWORD).emailVerified(false));
    busy.addUser(FakeUser.withEmail(john).password(PASSWORD).emailVerified(false));
    Device shared = Device.fresh(busy);
    assertThat(shared.end(signIn(shared.signIn(JANE, PASSWORD)).createdSessionId()).status())
        .isEqualTo(200);
    for (int i = 0; i < FakeClerk.KEPT_PER_CLIENT; i++) { // Jane's ended session is forgotten
      shared.end(signIn(shared.signIn(john, PASSWORD)).createdSessionId());
    }
    assertThat(busy.knownDeviceCount()).as("Jane and John on the shared device").isEqualTo(2);

    Device.fresh(busy).signIn(john, PASSWORD); // the shared device is forgotten

    assertThat(busy.knownDeviceCount()).as("John on the new device only").isEqualTo(1);
  }

  @Test
  void theOutboxKeepsTheNewestMessages() {
    FakeClerk busy =
        FakeClerk.builder()
            .settings(
                FakeSettings.defaults().toBuilder()
                    .resendCooldown(Duration.ZERO)
                    .rateLimitWindow(Duration.ZERO)
                    .build())
            .build();
    busy.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
    Device d = Device.fresh(busy);
    String signInId = signIn(d.signIn(JANE, PASSWORD)).id();
    int sends = FakeClerk.OUTBOX_KEPT + 5;
    for (int i = 0; i < sends; i++) {
      assertThat(d.prepare(signInId, "email_code").status()).isEqualTo(200);
    }

    assertThat(busy.outbox()).hasSize(FakeClerk.OUTBOX_KEPT);
    assertThat(busy.lastCodeSentTo(JANE)).isPresent();
    assertThat(busy.lastCodeSentTo(JANE).orElseThrow())
        .isEqualTo(busy.outbox().get(FakeClerk.OUTBOX_KEPT - 1).code().orElseThrow());
  }

  @Test
  void theBoundMustBePositive() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FakeClerk.builder().maxClients(0))
        .withMessageContaining("maxClients");
  }
}
