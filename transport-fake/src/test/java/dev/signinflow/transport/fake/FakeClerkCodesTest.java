package dev.signinflow.transport.fake;

import static dev.signinflow.transport.fake.Device.firstError;
import static dev.signinflow.transport.fake.Device.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.transport.fake.Views.VerificationView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The §11 decisions about codes, each with its default and with its setting flipped: wrong codes
 * allowed, re-prepare, resend cooldown, test identities, and how codes are made (random digits,
 * TOTP, backup codes).
 */
class FakeClerkCodesTest {
  private static final String JANE = "jane@example.com";
  private static final String PASSWORD = "correct horse battery staple";

  /**
   * Between two code attempts in one test: keeps a test that is not about rate limits under the
   * default 3 attempts per 10 s.
   */
  private static final Duration ATTEMPT_SPACING = Duration.ofSeconds(4);

  private FakeClerk fake = FakeClerk.create();
  private Device device = Device.fresh(fake);

  private void use(FakeSettings settings) {
    fake = FakeClerk.builder().settings(settings).build();
    device = Device.fresh(fake);
  }

  private static FakeSettings.Builder defaults() {
    return FakeSettings.defaults().toBuilder();
  }

  /** A user with this email signs in on a new device and is sent a Client Trust code. */
  private String trustCodeSentTo(String email) {
    fake.addUser(FakeUser.withEmail(email).password(PASSWORD));
    String id = signIn(device.signIn(email, PASSWORD)).id();
    device.prepare(id, "email_code");
    return id;
  }

  private String codeSentToJane() {
    return fake.lastCodeSentTo(JANE).orElseThrow();
  }

  private FapiResponse spacedAttempt(String id, String code) {
    fake.clock().advance(ATTEMPT_SPACING);
    return device.attempt(id, "email_code", code);
  }

  private VerificationView verification(String id) {
    return signIn(device.get(id)).secondFactorVerification();
  }

  @Nested
  class WrongCodesAllowed {
    @Test
    void byDefaultTheThirdWrongCodeIsStillJustIncorrect() {
      String id = trustCodeSentTo(JANE);
      spacedAttempt(id, "000000");
      spacedAttempt(id, "000000");

      FapiResponse third = spacedAttempt(id, "000000");

      assertThat(third.status()).isEqualTo(422);
      assertThat(firstError(third).code()).isEqualTo("form_code_incorrect");
    }

    @Test
    void byDefaultTheFourthAttemptFailsEvenWithTheRightCode() {
      String id = trustCodeSentTo(JANE);
      for (int i = 0; i < 3; i++) {
        spacedAttempt(id, "000000");
      }

      FapiResponse fourth = spacedAttempt(id, codeSentToJane());

      assertThat(fourth.status()).isEqualTo(400);
      assertThat(firstError(fourth).code()).isEqualTo("verification_failed");
      assertThat(verification(id).status()).isEqualTo("failed");
    }

    @Test
    void aFailedVerificationStaysFailed() {
      String id = trustCodeSentTo(JANE);
      for (int i = 0; i < 4; i++) {
        spacedAttempt(id, "000000");
      }

      FapiResponse r = spacedAttempt(id, codeSentToJane());

      assertThat(firstError(r).code()).isEqualTo("verification_failed");
    }

    @Test
    void aNewPrepareAfterFailureGivesAWorkingCode() {
      String id = trustCodeSentTo(JANE);
      for (int i = 0; i < 4; i++) {
        spacedAttempt(id, "000000");
      }
      fake.clock().advance(Duration.ofSeconds(30));
      device.prepare(id, "email_code");

      FapiResponse r = spacedAttempt(id, codeSentToJane());

      assertThat(signIn(r).status()).isEqualTo("complete");
    }

    @Test
    void withOneAllowedTheSecondAttemptFails() {
      use(defaults().wrongCodesAllowed(1).build());
      String id = trustCodeSentTo(JANE);
      spacedAttempt(id, "000000");

      FapiResponse second = spacedAttempt(id, codeSentToJane());

      assertThat(second.status()).isEqualTo(400);
      assertThat(firstError(second).code()).isEqualTo("verification_failed");
    }

    @Test
    void withFiveAllowedTheFourthWrongCodeIsStillJustIncorrect() {
      use(defaults().wrongCodesAllowed(5).build());
      String id = trustCodeSentTo(JANE);
      for (int i = 0; i < 3; i++) {
        spacedAttempt(id, "000000");
      }

      FapiResponse fourth = spacedAttempt(id, "000000");

      assertThat(firstError(fourth).code()).isEqualTo("form_code_incorrect");
    }
  }

  @Nested
  class RePrepare {
    private String rePrepared(String id) {
      fake.clock().advance(Duration.ofSeconds(30));
      device.prepare(id, "email_code");
      return codeSentToJane();
    }

    @Test
    void sendsANewCode() {
      String id = trustCodeSentTo(JANE);
      String first = codeSentToJane();

      String second = rePrepared(id);

      assertThat(second).matches("\\d{6}").isNotEqualTo(first);
      assertThat(fake.outbox(JANE)).hasSize(2);
    }

    @Test
    void setsANewExpiryTenMinutesFromNow() {
      String id = trustCodeSentTo(JANE);

      rePrepared(id);

      assertThat(verification(id).expireAt()).isEqualTo(fake.clock().instant().plusSeconds(600));
    }

    @Test
    void resetsAttemptsToZero() {
      String id = trustCodeSentTo(JANE);
      spacedAttempt(id, "000000");
      spacedAttempt(id, "000000");

      rePrepared(id);

      assertThat(verification(id).attempts()).isZero();
      assertThat(verification(id).status()).isEqualTo("unverified");
    }

    @Test
    void theOlderCodeStopsWorking() {
      String id = trustCodeSentTo(JANE);
      String older = codeSentToJane();
      rePrepared(id);

      FapiResponse r = spacedAttempt(id, older);

      assertThat(r.status()).isEqualTo(422);
      assertThat(firstError(r).code()).isEqualTo("form_code_incorrect");
    }

    @Test
    void theNewCodeWorks() {
      String id = trustCodeSentTo(JANE);
      String newer = rePrepared(id);

      assertThat(signIn(spacedAttempt(id, newer)).status()).isEqualTo("complete");
    }

    @Test
    void aShorterCodeLifetimeSetsAnEarlierExpiry() {
      use(defaults().codeLifetime(Duration.ofMinutes(2)).build());
      String id = trustCodeSentTo(JANE);

      assertThat(verification(id).expireAt()).isEqualTo(fake.clock().instant().plusSeconds(120));
    }

    @Test
    void aShorterCodeLifetimeExpiresTheCodeSooner() {
      use(defaults().codeLifetime(Duration.ofMinutes(2)).build());
      String id = trustCodeSentTo(JANE);
      fake.clock().advance(Duration.ofMinutes(2));

      FapiResponse r = device.attempt(id, "email_code", codeSentToJane());

      assertThat(firstError(r).code()).isEqualTo("verification_expired");
    }
  }

  @Nested
  class ResendCooldown {
    @Test
    void byDefaultAResendWithinThirtySecondsIsTooManyRequests() {
      String id = trustCodeSentTo(JANE);
      fake.clock().advance(Duration.ofSeconds(12));

      FapiResponse r = device.prepare(id, "email_code");

      assertThat(r.status()).isEqualTo(429);
      assertThat(firstError(r).code()).isEqualTo("verification_code_too_many_requests");
    }

    @Test
    void retryAfterIsTheSecondsLeft() {
      String id = trustCodeSentTo(JANE);
      fake.clock().advance(Duration.ofSeconds(12));

      FapiResponse r = device.prepare(id, "email_code");

      assertThat(r.retryAfter()).contains(Duration.ofSeconds(18));
    }

    @Test
    void aRefusedResendSendsNothing() {
      String id = trustCodeSentTo(JANE);

      device.prepare(id, "email_code");

      assertThat(fake.outbox(JANE)).hasSize(1);
    }

    @Test
    void byDefaultAResendAfterThirtySecondsIsSent() {
      String id = trustCodeSentTo(JANE);
      fake.clock().advance(Duration.ofSeconds(30));

      FapiResponse r = device.prepare(id, "email_code");

      assertThat(r.status()).isEqualTo(200);
      assertThat(fake.outbox(JANE)).hasSize(2);
    }

    @Test
    void anotherStrategyOfTheSameSignInHasItsOwnCooldown() {
      fake.addUser(
          FakeUser.withEmail(JANE)
              .phone("+14155550123")
              .password(PASSWORD)
              .withEmailSecondFactor()
              .withSmsSecondFactor());
      String id = signIn(device.signIn(JANE, PASSWORD)).id();
      device.prepare(id, "email_code");

      FapiResponse r = device.prepare(id, "phone_code");

      assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void aShorterCooldownAllowsAnEarlierResend() {
      use(defaults().resendCooldown(Duration.ofSeconds(5)).build());
      String id = trustCodeSentTo(JANE);
      fake.clock().advance(Duration.ofSeconds(5));

      FapiResponse r = device.prepare(id, "email_code");

      assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void aLongerCooldownSaysSoInRetryAfter() {
      use(defaults().resendCooldown(Duration.ofSeconds(60)).build());
      String id = trustCodeSentTo(JANE);
      fake.clock().advance(Duration.ofSeconds(30));

      FapiResponse r = device.prepare(id, "email_code");

      assertThat(r.status()).isEqualTo(429);
      assertThat(r.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void noCooldownAllowsAnImmediateResend() {
      use(defaults().resendCooldown(Duration.ZERO).build());
      String id = trustCodeSentTo(JANE);

      FapiResponse r = device.prepare(id, "email_code");

      assertThat(r.status()).isEqualTo(200);
    }
  }

  @Nested
  class TestIdentities {
    private static final String TEST_EMAIL = "jane+clerk_test@example.com";

    @Test
    void aClerkTestEmailAcceptsTheTestCode() {
      String id = trustCodeSentTo(TEST_EMAIL);

      FapiResponse r = device.attempt(id, "email_code", FakeClerk.TEST_CODE);

      assertThat(signIn(r).status()).isEqualTo("complete");
    }

    @Test
    void aClerkTestEmailIsSentNothing() {
      trustCodeSentTo(TEST_EMAIL);

      assertThat(fake.outbox()).isEmpty();
    }

    @Test
    void aFictionalPhoneNumberAcceptsTheTestCodeAndIsSentNothing() {
      fake.addUser(FakeUser.withPhone("+1 (201) 555-0123").password(PASSWORD));
      String id = signIn(device.signIn("+12015550123", PASSWORD)).id();
      device.prepare(id, "phone_code");

      FapiResponse r = device.attempt(id, "phone_code", FakeClerk.TEST_CODE);

      assertThat(signIn(r).status()).isEqualTo("complete");
      assertThat(fake.outbox()).isEmpty();
    }

    @Test
    void anOrdinaryEmailIsSentARealCode() {
      trustCodeSentTo(JANE);

      assertThat(fake.outbox(JANE))
          .singleElement()
          .satisfies(m -> assertThat(m.code()).isPresent());
    }

    @Test
    void whenOffAClerkTestEmailIsSentARandomCode() {
      use(defaults().testIdentities(false).build());
      trustCodeSentTo(TEST_EMAIL);

      assertThat(fake.lastCodeSentTo(TEST_EMAIL))
          .hasValueSatisfying(
              code -> assertThat(code).matches("\\d{6}").isNotEqualTo(FakeClerk.TEST_CODE));
    }

    @Test
    void whenOffTheTestCodeIsIncorrect() {
      use(defaults().testIdentities(false).build());
      String id = trustCodeSentTo(TEST_EMAIL);

      FapiResponse r = device.attempt(id, "email_code", FakeClerk.TEST_CODE);

      assertThat(firstError(r).code()).isEqualTo("form_code_incorrect");
    }
  }

  @Nested
  class RandomCodes {
    /** Three Client Trust codes from a fake seeded so, each for a new user and device. */
    private List<String> codesFromSeed(long seed) {
      FakeClerk seeded = FakeClerk.builder().random(new Random(seed)).build();
      List<String> codes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String email = "user" + i + "@example.com";
        seeded.addUser(FakeUser.withEmail(email).password(PASSWORD));
        Device d = Device.fresh(seeded);
        String id = signIn(d.signIn(email, PASSWORD)).id();
        d.prepare(id, "email_code");
        codes.add(seeded.lastCodeSentTo(email).orElseThrow());
      }
      return codes;
    }

    @Test
    void areSixDigits() {
      assertThat(codesFromSeed(1)).allSatisfy(c -> assertThat(c).matches("\\d{6}"));
    }

    @Test
    void theSameSeedGivesTheSameCodes() {
      assertThat(codesFromSeed(42)).isEqualTo(codesFromSeed(42));
    }

    @Test
    void differentSeedsGiveDifferentCodes() {
      assertThat(codesFromSeed(42)).isNotEqualTo(codesFromSeed(43));
    }
  }

  @Nested
  class TotpCodes {
    /** "12345678901234567890", the RFC 6238 secret, in base32. */
    private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    private static final String SECRET = "JBSWY3DPEHPK3PXP";

    /** RFC 6238 Appendix B, SHA-1: the last six digits of the eight-digit vectors. */
    @ParameterizedTest
    @CsvSource({
      "59, 287082",
      "1111111109, 081804",
      "1111111111, 050471",
      "1234567890, 005924",
      "2000000000, 279037",
      "20000000000, 353130"
    })
    void matchTheRfc6238Sha1Vectors(long epochSecond, String expected) {
      assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(epochSecond))).isEqualTo(expected);
    }

    private String mfaSignIn() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD).totp(SECRET));
      return signIn(device.signIn(JANE, PASSWORD)).id();
    }

    private FapiResponse attemptCodeFrom(String id, Duration drift) {
      Instant phone = fake.clock().instant().plus(drift);
      return device.attempt(id, "totp", Totp.code(SECRET, phone));
    }

    @Test
    void theCurrentCodeCompletesWithoutAPrepare() {
      String id = mfaSignIn();

      assertThat(signIn(attemptCodeFrom(id, Duration.ZERO)).status()).isEqualTo("complete");
    }

    @Test
    void aCodeOneStepBehindIsAccepted() {
      String id = mfaSignIn();

      assertThat(signIn(attemptCodeFrom(id, Duration.ofSeconds(-30))).status())
          .isEqualTo("complete");
    }

    @Test
    void aCodeOneStepAheadIsAccepted() {
      String id = mfaSignIn();

      assertThat(signIn(attemptCodeFrom(id, Duration.ofSeconds(30))).status())
          .isEqualTo("complete");
    }

    @Test
    void aCodeTwoStepsBehindIsIncorrect() {
      String id = mfaSignIn();

      FapiResponse r = attemptCodeFrom(id, Duration.ofSeconds(-60));

      assertThat(r.status()).isEqualTo(422);
      assertThat(firstError(r).code()).isEqualTo("form_code_incorrect");
    }

    @Test
    void aCodeTwoStepsAheadIsIncorrect() {
      String id = mfaSignIn();

      FapiResponse r = attemptCodeFrom(id, Duration.ofSeconds(60));

      assertThat(firstError(r).code()).isEqualTo("form_code_incorrect");
    }
  }

  @Nested
  class BackupCodes {
    private void addJaneWithBackupCodes() {
      fake.addUser(
          FakeUser.withEmail(JANE).password(PASSWORD).backupCodes(List.of("aaaa1111", "bbbb2222")));
    }

    /** Each sign-in from its own new device, as a user who lost their phone would. */
    private FapiResponse signInWithBackupCode(String code) {
      Device d = Device.fresh(fake);
      String id = signIn(d.signIn(JANE, PASSWORD)).id();
      return d.attempt(id, "backup_code", code);
    }

    @Test
    void aBackupCodeCompletesTheSignIn() {
      addJaneWithBackupCodes();

      assertThat(signIn(signInWithBackupCode("aaaa1111")).status()).isEqualTo("complete");
    }

    @Test
    void aUsedBackupCodeIsIncorrect() {
      addJaneWithBackupCodes();
      signInWithBackupCode("aaaa1111");

      FapiResponse r = signInWithBackupCode("aaaa1111");

      assertThat(r.status()).isEqualTo(422);
      assertThat(firstError(r).code()).isEqualTo("form_code_incorrect");
    }

    @Test
    void anotherUnusedBackupCodeStillWorks() {
      addJaneWithBackupCodes();
      signInWithBackupCode("aaaa1111");

      assertThat(signIn(signInWithBackupCode("bbbb2222")).status()).isEqualTo("complete");
    }
  }
}
