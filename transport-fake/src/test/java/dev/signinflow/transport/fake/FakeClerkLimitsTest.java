package dev.signinflow.transport.fake;

import static dev.signinflow.transport.fake.Device.clientOf;
import static dev.signinflow.transport.fake.Device.firstError;
import static dev.signinflow.transport.fake.Device.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The §11 decisions about limits, each with its default and with its setting flipped: the sign-in
 * lifetime, per-IP rate limits and the user lockout.
 */
class FakeClerkLimitsTest {
  private static final String JANE = "jane@example.com";
  private static final String PASSWORD = "correct horse battery staple";
  private static final String OTHER_IP = "198.51.100.9";

  /**
   * Before each wrong password in a lockout test: at most four creations fall in any 10 s, so one
   * more always fits under the default limit of five, which is not what the test is about.
   */
  private static final Duration CREATE_SPACING = Duration.ofMillis(2_500);

  private FakeClerk fake = FakeClerk.create();
  private Device device = Device.fresh(fake);

  private void use(FakeSettings settings) {
    fake = FakeClerk.builder().settings(settings).build();
    device = Device.fresh(fake);
  }

  private static FakeSettings.Builder defaults() {
    return FakeSettings.defaults().toBuilder();
  }

  private String janeNeedsClientTrust() {
    fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
    return signIn(device.signIn(JANE, PASSWORD)).id();
  }

  private void assertNotFound(FapiResponse r) {
    assertThat(r.status()).isEqualTo(404);
    assertThat(firstError(r).code()).isEqualTo("resource_not_found");
  }

  @Nested
  class SignInLifetime {
    @Test
    void byDefaultASignInIsAbandonedADayAfterItsCreation() {
      String id = janeNeedsClientTrust();

      assertThat(signIn(device.get(id)).abandonAt())
          .isEqualTo(fake.clock().instant().plus(Duration.ofHours(24)));
    }

    @Test
    void byDefaultASignInCanBeReadJustBeforeADayHasPassed() {
      String id = janeNeedsClientTrust();
      fake.clock().advance(Duration.ofHours(24).minusSeconds(1));

      assertThat(device.get(id).status()).isEqualTo(200);
    }

    @Test
    void byDefaultAnAbandonedSignInIsNotFound() {
      String id = janeNeedsClientTrust();
      fake.clock().advance(Duration.ofHours(24));

      assertNotFound(device.get(id));
    }

    @Test
    void byDefaultAPrepareOnAnAbandonedSignInIsNotFound() {
      String id = janeNeedsClientTrust();
      fake.clock().advance(Duration.ofHours(24));

      assertNotFound(device.prepare(id, "email_code"));
      assertThat(fake.outbox()).isEmpty();
    }

    @Test
    void byDefaultAnAttemptOnAnAbandonedSignInIsNotFound() {
      String id = janeNeedsClientTrust();
      device.prepare(id, "email_code");
      String code = fake.lastCodeSentTo(JANE).orElseThrow();
      fake.clock().advance(Duration.ofHours(24));

      assertNotFound(device.attempt(id, "email_code", code));
    }

    @Test
    void byDefaultTheClientNoLongerShowsAnAbandonedSignIn() {
      janeNeedsClientTrust();
      fake.clock().advance(Duration.ofHours(24));

      assertThat(clientOf(device.client()).signIn()).isNull();
    }

    @Test
    void aShorterLifetimeAbandonsTheSignInSooner() {
      use(defaults().signInLifetime(Duration.ofMinutes(5)).build());
      String id = janeNeedsClientTrust();
      fake.clock().advance(Duration.ofMinutes(5));

      assertNotFound(device.get(id));
    }

    @Test
    void aShorterLifetimeSetsAnEarlierAbandonAt() {
      use(defaults().signInLifetime(Duration.ofMinutes(5)).build());

      String id = janeNeedsClientTrust();

      assertThat(signIn(device.get(id)).abandonAt())
          .isEqualTo(fake.clock().instant().plus(Duration.ofMinutes(5)));
    }

    @Test
    void aLongerLifetimeKeepsTheSignInPastADay() {
      use(defaults().signInLifetime(Duration.ofHours(48)).build());
      String id = janeNeedsClientTrust();
      fake.clock().advance(Duration.ofHours(24));

      assertThat(device.get(id).status()).isEqualTo(200);
    }
  }

  @Nested
  class RateLimits {
    private FapiResponse creates(Device d, int n) {
      FapiResponse last = null;
      for (int i = 0; i < n; i++) {
        last = d.signIn("nobody@example.com", PASSWORD);
      }
      return last;
    }

    /** Jane's sign-in with a code sent, from the device under test. */
    private String codeSent() {
      String id = janeNeedsClientTrust();
      device.prepare(id, "email_code");
      return id;
    }

    private FapiResponse wrongAttempts(String id, int n) {
      FapiResponse last = null;
      for (int i = 0; i < n; i++) {
        last = device.attempt(id, "email_code", "000000");
      }
      return last;
    }

    private void assertTooManyRequests(FapiResponse r) {
      assertThat(r.status()).isEqualTo(429);
      assertThat(firstError(r).code()).isEqualTo("too_many_requests");
    }

    @Test
    void byDefaultFiveCreatesInTenSecondsAreServed() {
      assertThat(creates(device, 5).status()).isEqualTo(422);
    }

    @Test
    void byDefaultTheSixthCreateInTenSecondsIsTooManyRequests() {
      creates(device, 5);

      assertTooManyRequests(device.signIn("nobody@example.com", PASSWORD));
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilTheWindowFrees() {
      creates(device, 5);
      fake.clock().advance(Duration.ofMillis(3_500));

      FapiResponse r = device.signIn("nobody@example.com", PASSWORD);

      assertThat(r.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void byDefaultCreatesAreServedAgainAfterTheWindow() {
      creates(device, 5);
      fake.clock().advance(Duration.ofSeconds(10));

      assertThat(device.signIn("nobody@example.com", PASSWORD).status()).isEqualTo(422);
    }

    @Test
    void anotherIpIsNotLimited() {
      creates(device, 6);

      FapiResponse r = Device.fresh(fake, OTHER_IP).signIn("nobody@example.com", PASSWORD);

      assertThat(r.status()).isEqualTo(422);
    }

    @Test
    void byDefaultTheFourthAttemptInTenSecondsIsTooManyRequests() {
      String id = codeSent();
      wrongAttempts(id, 3);

      assertTooManyRequests(device.attempt(id, "email_code", "000000"));
    }

    @Test
    void aRateLimitedAttemptDoesNotCountAgainstTheVerification() {
      String id = codeSent();
      wrongAttempts(id, 4);

      assertThat(signIn(device.get(id)).secondFactorVerification().attempts()).isEqualTo(3);
    }

    @Test
    void aLowerCreateLimitRefusesSooner() {
      use(defaults().createLimit(2).build());
      creates(device, 2);

      assertTooManyRequests(device.signIn("nobody@example.com", PASSWORD));
    }

    @Test
    void aLowerAttemptLimitRefusesSooner() {
      use(defaults().attemptLimit(1).build());
      String id = codeSent();
      wrongAttempts(id, 1);

      assertTooManyRequests(device.attempt(id, "email_code", "000000"));
    }

    @Test
    void aLongerWindowSaysSoInRetryAfter() {
      use(defaults().rateLimitWindow(Duration.ofMinutes(1)).build());
      creates(device, 5);

      assertThat(device.signIn("nobody@example.com", PASSWORD).retryAfter())
          .contains(Duration.ofSeconds(60));
    }

    @Test
    void aZeroWindowTurnsCreateLimitsOff() {
      use(defaults().rateLimitWindow(Duration.ZERO).build());

      assertThat(creates(device, 20).status()).isEqualTo(422);
    }

    @Test
    void aZeroWindowTurnsAttemptLimitsOff() {
      use(defaults().rateLimitWindow(Duration.ZERO).wrongCodesAllowed(10).build());
      String id = codeSent();

      assertThat(wrongAttempts(id, 6).status()).isEqualTo(422);
    }
  }

  @Nested
  class Lockout {
    /** Wrong passwords, spaced under the create limit. */
    private FapiResponse wrongPasswords(int n) {
      FapiResponse last = null;
      for (int i = 0; i < n; i++) {
        fake.clock().advance(CREATE_SPACING);
        last = device.signIn(JANE, "wrong");
      }
      return last;
    }

    private void addJane() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
    }

    private void assertLocked(FapiResponse r) {
      assertThat(r.status()).isEqualTo(403);
      assertThat(firstError(r).code()).isEqualTo("user_locked");
    }

    @Test
    void byDefaultNineFailuresDoNotLock() {
      addJane();
      wrongPasswords(9);

      assertThat(signIn(device.signIn(JANE, PASSWORD)).status()).isEqualTo("needs_client_trust");
    }

    @Test
    void byDefaultTenFailuresLockEvenTheRightPassword() {
      addJane();
      wrongPasswords(10);

      assertLocked(device.signIn(JANE, PASSWORD));
    }

    @Test
    void theLockSaysWhenItExpiresInMeta() {
      addJane();
      wrongPasswords(10);
      fake.clock().advance(Duration.ofMinutes(10));

      FapiResponse r = device.signIn(JANE, PASSWORD);

      assertThat(firstError(r).meta()).containsEntry("lockout_expires_in_seconds", 3000L);
    }

    @Test
    void byDefaultTheLockLiftsAfterAnHour() {
      addJane();
      wrongPasswords(10);
      fake.clock().advance(Duration.ofHours(1));

      assertThat(device.signIn(JANE, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void byDefaultTheLockHoldsJustBeforeTheHour() {
      addJane();
      wrongPasswords(10);
      fake.clock().advance(Duration.ofHours(1).minusSeconds(1));

      assertLocked(device.signIn(JANE, PASSWORD));
    }

    @Test
    void wrongCodesAndWrongPasswordsCountTogether() {
      addJane();
      String id = signIn(device.signIn(JANE, PASSWORD)).id();
      device.prepare(id, "email_code");
      for (int i = 0; i < 3; i++) {
        fake.clock().advance(Duration.ofSeconds(4));
        device.attempt(id, "email_code", "000000");
      }
      wrongPasswords(7);

      assertLocked(device.signIn(JANE, PASSWORD));
    }

    @Test
    void aLockedUsersCodeAttemptIsRefused() {
      use(defaults().lockoutThreshold(3).rateLimitWindow(Duration.ZERO).build());
      addJane();
      String id = signIn(device.signIn(JANE, PASSWORD)).id();
      device.prepare(id, "email_code");
      String code = fake.lastCodeSentTo(JANE).orElseThrow();
      wrongPasswords(3);

      assertLocked(device.attempt(id, "email_code", code));
    }

    @Test
    void aLowerThresholdLocksSooner() {
      use(defaults().lockoutThreshold(3).build());
      addJane();
      wrongPasswords(3);

      assertLocked(device.signIn(JANE, PASSWORD));
    }

    @Test
    void aShorterDurationLiftsSooner() {
      use(defaults().lockoutDuration(Duration.ofMinutes(5)).build());
      addJane();
      wrongPasswords(10);
      fake.clock().advance(Duration.ofMinutes(5));

      assertThat(device.signIn(JANE, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aShorterDurationSaysSoInMeta() {
      use(defaults().lockoutDuration(Duration.ofMinutes(5)).build());
      addJane();
      wrongPasswords(10);

      FapiResponse r = device.signIn(JANE, PASSWORD);

      assertThat(firstError(r).meta()).containsEntry("lockout_expires_in_seconds", 300L);
    }
  }
}
