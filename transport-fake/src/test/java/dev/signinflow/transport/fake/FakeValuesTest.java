package dev.signinflow.transport.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The fake's value types and their limits: users as a test builds them, secret keys, the clock,
 * faults, settings and the signing key.
 */
class FakeValuesTest {
  private static final String ADA = "ada@example.com";
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  // ---- users ---------------------------------------------------------------------------------

  @Test
  void aUserWhoseTotpSecretIsNotBase32IsRefusedWhenBuilt() {
    FakeUser ada = FakeUser.withEmail(ADA);

    assertThatThrownBy(() -> ada.totp("not-base32!")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aUserWithOnlyAUsernameIsFoundByIt() {
    FakeClerk fake = FakeClerk.create();
    String id = fake.addUser(FakeUser.withUsername("bob").password(FlowFixture.PASSWORD));

    assertThat(fake.userId("bob")).contains(id);
    FapiResponse r = Device.fresh(fake).signIn("bob", FlowFixture.PASSWORD);
    assertThat(r.ok()).isTrue();
  }

  @Test
  void aUserLockedOutFromTheStartIsRefusedWithItsRightPassword() {
    FakeClerk fake = FakeClerk.create();
    fake.addUser(FakeUser.withEmail(ADA).password(FlowFixture.PASSWORD).lockedOut());

    FapiResponse r = Device.fresh(fake).signIn(ADA, FlowFixture.PASSWORD);

    assertThat(r.ok()).isFalse();
    assertThat(Device.firstError(r).code()).isEqualTo("user_locked");
  }

  @Test
  void aSignInListsTheKindsOfIdentifierItsUserHasAndTheUserIsFoundByEach() {
    FakeClerk fake = FakeClerk.create();
    String id =
        fake.addUser(
            FakeUser.withEmail(ADA)
                .phone("+15555550100")
                .username("ada")
                .password(FlowFixture.PASSWORD));

    FapiResponse r = Device.fresh(fake).signIn("ada", FlowFixture.PASSWORD);

    assertThat(Device.signIn(r).id()).as("Clerk's id shape").matches("sia_[0-9A-Za-z]{27}");
    assertThat(Device.signIn(r).supportedIdentifiers())
        .containsExactly("email_address", "phone_number", "username");
    assertThat(fake.userId(ADA)).contains(id);
    assertThat(fake.userId("+15555550100")).contains(id);
    assertThat(fake.userId("ada")).contains(id);
  }

  @Test
  void aUsersFirstNameIsKept() {
    assertThat(FakeUser.withEmail(ADA).firstName("Ada").firstName()).contains("Ada");
  }

  // ---- secret keys ---------------------------------------------------------------------------

  @Test
  void secretKeysAreEqualWhenTheirTextIs() {
    SecretKey a = SecretKey.of("sk_test_abcdefgh12345678");

    assertThat(a).isEqualTo(SecretKey.of("sk_test_abcdefgh12345678"));
    assertThat(a).hasSameHashCodeAs(SecretKey.of("sk_test_abcdefgh12345678"));
    assertThat(a).isNotEqualTo(SecretKey.of("sk_test_abcdefgh12345679"));
    assertThat(a).isNotEqualTo("sk_test_abcdefgh12345678");
  }

  @Test
  void aSecretKeyPrintsOnlyItsRedactedForm() {
    SecretKey k = SecretKey.of("sk_test_abcdefgh12345678");

    assertThat(k.toString()).contains(k.redacted()).doesNotContain("abcdefgh");
  }

  @Test
  void aSecretKeyWithSixteenCharactersAfterItsPrefixShowsItsLastFour() {
    assertThat(SecretKey.of("sk_test_abcdefgh12345678").redacted()).isEqualTo("sk_test_…5678");
    assertThat(SecretKey.of("sk_test_abcdefgh1234567").redacted()).isEqualTo("sk_test_…");
  }

  // ---- the clock -----------------------------------------------------------------------------

  @Test
  void advancingAStandingClockGivesTheNewInstant() {
    FakeClock clock = FakeClock.at(T);

    assertThat(clock.advance(Duration.ofMinutes(1))).isEqualTo(T.plusSeconds(60));
    assertThat(clock.instant()).isEqualTo(T.plusSeconds(60));
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void aFollowingClockRunsWithItsBasePlusWhatWasAdvancedOrSet() {
    FakeClock clock = FakeClock.following(Clock.fixed(T, ZoneOffset.UTC));

    assertThat(clock.instant()).isEqualTo(T);
    assertThat(clock.advance(Duration.ofMinutes(1))).isEqualTo(T.plusSeconds(60));
    assertThat(clock.instant()).isEqualTo(T.plusSeconds(60));
    clock.set(T.minusSeconds(5));
    assertThat(clock.instant()).isEqualTo(T.minusSeconds(5));
  }

  // ---- faults and settings: the bounds are inclusive -----------------------------------------

  @Test
  void aServerErrorIsAnyStatusFrom500To599() {
    assertThat(Fault.serverError(500)).isNotNull();
    assertThat(Fault.serverError(599)).isNotNull();
    assertThatThrownBy(() -> Fault.serverError(499)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.serverError(600)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFaultMayFireOnceAndWithProbabilityOne() {
    assertThat(FaultTrigger.times(1).times()).isEqualTo(1);
    assertThat(FaultTrigger.withProbability(1.0).probability()).isEqualTo(1.0);
    assertThatThrownBy(() -> FaultTrigger.times(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FaultTrigger.withProbability(1.01))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingsTakeTheSmallestLimitsAllowed() {
    FakeSettings s =
        FakeSettings.defaults().toBuilder()
            .wrongCodesAllowed(0)
            .createLimit(1)
            .attemptLimit(1)
            .lockoutThreshold(1)
            .build();

    assertThat(s.wrongCodesAllowed()).isZero();
    assertThat(s.createLimit()).isEqualTo(1);
    assertThat(s.attemptLimit()).isEqualTo(1);
    assertThat(s.lockoutThreshold()).isEqualTo(1);
    assertThatThrownBy(() -> FakeSettings.defaults().toBuilder().createLimit(0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- the signing key -----------------------------------------------------------------------

  @Test
  void aKeyFromASeedIsA2048BitRsaKeyNamedLikeAnInstanceAndTheSameForTheSameSeed() {
    SigningKey k = SigningKey.make(20_261_203L);

    assertThat(k.publicKey().getModulus().bitLength()).isEqualTo(2048);
    assertThat(k.publicKey().getPublicExponent()).isEqualTo(BigInteger.valueOf(65_537));
    assertThat(k.keyId()).matches("ins_[0-9A-Za-z]{27}");
    SigningKey again = SigningKey.make(20_261_203L);
    assertThat(again.keyId()).isEqualTo(k.keyId());
    assertThat(again.publicKey()).isEqualTo(k.publicKey());
  }

  @Test
  void aKeySignsWhatItsPublicKeyVerifiesAndServesItsModulusWithoutASignByte() throws Exception {
    SigningKey k = SigningKey.make(7L);
    String[] jwt = k.sign("{\"sub\":\"user_1\"}").split("\\.");

    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(k.publicKey());
    rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rs256.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
    String n = k.jwks().replaceAll(".*\"n\":\"([^\"]+)\".*", "$1");
    assertThat(Base64.getUrlDecoder().decode(n)).hasSize(256);
  }
}
