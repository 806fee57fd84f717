package dev.signinflow.transport.fake;

import static dev.signinflow.transport.fake.Device.firstError;
import static dev.signinflow.transport.fake.Device.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.transport.fake.Views.FactorView;
import dev.signinflow.transport.fake.Views.SignInView;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The §11 decisions about Client Trust, each with its default and with its setting flipped: which
 * factor is offered, what makes a device known, the legacy shape, and the answer to a wrong status
 * or a strategy not offered.
 */
class FakeClerkClientTrustTest {
  private static final String JANE = "jane@example.com";
  private static final String JANE_PHONE = "+14155550123";
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

  /** A user with a verified email and a verified phone. */
  private static FakeUser janeWithEmailAndPhone() {
    return FakeUser.withEmail(JANE).phone(JANE_PHONE).password(PASSWORD);
  }

  private SignInView janeSignsIn() {
    return signIn(device.signIn(JANE, PASSWORD));
  }

  /** Signs in through Client Trust with the email code; returns the created session's id. */
  private String passClientTrust(Device d, String email) {
    String id = signIn(d.signIn(email, PASSWORD)).id();
    d.prepare(id, "email_code");
    return signIn(d.attempt(id, "email_code", fake.lastCodeSentTo(email).orElseThrow()))
        .createdSessionId();
  }

  @Nested
  class WhichFactorClientTrustOffers {
    @Test
    void byDefaultExactlyOneEmailCodeToTheVerifiedEmail() {
      fake.addUser(janeWithEmailAndPhone());

      SignInView s = janeSignsIn();

      assertThat(s.supportedSecondFactors())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.strategy()).isEqualTo("email_code");
                assertThat(f.emailAddressId()).startsWith("idn_");
                assertThat(f.safeIdentifier()).isEqualTo("j***@example.com");
              });
    }

    @Test
    void withEmailCodesOffAnEmailLink() {
      use(defaults().emailCodeEnabled(false).build());
      fake.addUser(janeWithEmailAndPhone());

      assertThat(janeSignsIn().supportedSecondFactors())
          .extracting(FactorView::strategy)
          .containsExactly("email_link");
    }

    @Test
    void withEmailCodesAndLinksOffAPhoneCode() {
      use(defaults().emailCodeEnabled(false).emailLinkEnabled(false).build());
      fake.addUser(janeWithEmailAndPhone());

      assertThat(janeSignsIn().supportedSecondFactors())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.strategy()).isEqualTo("phone_code");
                assertThat(f.phoneNumberId()).startsWith("idn_");
              });
    }

    @Test
    void anUnverifiedEmailIsPassedOverForTheVerifiedPhone() {
      fake.addUser(janeWithEmailAndPhone().emailVerified(false));

      assertThat(janeSignsIn().supportedSecondFactors())
          .extracting(FactorView::strategy)
          .containsExactly("phone_code");
    }

    @Test
    void aUserWithNothingToSendToSignsInWithoutChallenge() {
      fake.addUser(janeWithEmailAndPhone().emailVerified(false).phoneVerified(false));

      SignInView s = janeSignsIn();

      assertThat(s.status()).isEqualTo("complete");
      assertThat(s.createdSessionId()).startsWith("sess_");
    }

    /**
     * A probe's finding: with every second factor turned off, a new device completes with the
     * password alone. Decided from Clerk's sources (docs/emulator.md, "Client Trust with nothing to
     * send"): Device Trust needs something to send, so it does not apply and the sign-in completes;
     * the device becomes known as usual.
     */
    @Test
    void withEveryDeliveryTurnedOffANewDeviceSignsInWithoutChallengeAndBecomesKnown() {
      use(defaults().emailCodeEnabled(false).emailLinkEnabled(false).smsEnabled(false).build());
      fake.addUser(janeWithEmailAndPhone());

      SignInView s = janeSignsIn();

      assertThat(s.status()).isEqualTo("complete");
      assertThat(s.clientTrustState()).isEqualTo("new"); // new to the user, yet not challenged
      assertThat(fake.outbox()).isEmpty();
      assertThat(
              fake.isKnownDevice(
                  fake.userId(JANE).orElseThrow(), device.clientToken().orElseThrow()))
          .isTrue();
    }

    @Test
    void withSmsOnlyAUserWithoutAPhoneSignsInWithoutChallenge() {
      use(defaults().smsOnly().build());
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));

      assertThat(janeSignsIn().status()).isEqualTo("complete");
    }

    @Test
    void withSmsOffAPhoneOnlyUserSignsInWithoutChallenge() {
      use(defaults().smsEnabled(false).build());
      fake.addUser(FakeUser.withPhone(JANE_PHONE).password(PASSWORD));

      assertThat(signIn(device.signIn(JANE_PHONE, PASSWORD)).status()).isEqualTo("complete");
    }
  }

  @Nested
  class WhatMakesADeviceKnown {
    @Test
    void aSessionForTheUserOnTheClientMakesItKnown() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
      device.remove(passClientTrust(device, JANE));

      SignInView again = janeSignsIn();

      assertThat(again.status()).isEqualTo("complete");
      assertThat(again.clientTrustState()).isEqualTo("known");
    }

    @Test
    void itStaysKnownAfterSignOut() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
      device.end(passClientTrust(device, JANE));

      assertThat(janeSignsIn().status()).isEqualTo("complete");
    }

    @Test
    void anotherUserOnTheSameClientIsStillNew() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
      fake.addUser(FakeUser.withEmail(BOB).password(PASSWORD));
      device.remove(passClientTrust(device, JANE));

      SignInView bob = signIn(device.signIn(BOB, PASSWORD));

      assertThat(bob.status()).isEqualTo("needs_client_trust");
      assertThat(bob.clientTrustState()).isEqualTo("new");
    }

    @Test
    void theSameUserOnAnotherClientIsStillNew() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
      passClientTrust(device, JANE);

      SignInView other = signIn(Device.fresh(fake).signIn(JANE, PASSWORD));

      assertThat(other.status()).isEqualTo("needs_client_trust");
    }

    @Test
    void aSessionWithoutChallengeAlsoMakesTheDeviceKnown() {
      String userId =
          fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD).emailVerified(false));
      janeSignsIn();

      assertThat(fake.isKnownDevice(userId, device.clientToken().orElseThrow())).isTrue();
    }

    @Test
    void withClientTrustOffANewDeviceSignsInWithoutChallenge() {
      use(defaults().clientTrust(false).build());
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));

      SignInView s = janeSignsIn();

      assertThat(s.status()).isEqualTo("complete");
      assertThat(s.clientTrustState()).isNull();
    }
  }

  @Nested
  class LegacyShape {
    @Test
    void byDefaultClientTrustAnswersNeedsClientTrust() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));

      assertThat(janeSignsIn().status()).isEqualTo("needs_client_trust");
    }

    @Test
    void whenOnClientTrustAnswersNeedsSecondFactorWithStateNew() {
      use(defaults().legacyClientTrustShape(true).build());
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));

      SignInView s = janeSignsIn();

      assertThat(s.status()).isEqualTo("needs_second_factor");
      assertThat(s.clientTrustState()).isEqualTo("new");
      assertThat(s.supportedSecondFactors())
          .extracting(FactorView::strategy)
          .containsExactly("email_code");
    }

    @Test
    void whenOnTheTrustCodeStillCompletesTheSignIn() {
      use(defaults().legacyClientTrustShape(true).build());
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));

      assertThat(passClientTrust(device, JANE)).startsWith("sess_");
    }
  }

  @Nested
  class WrongStatusOrStrategyNotOffered {
    private void assertStrategyInvalid(FapiResponse r) {
      assertThat(r.status()).isEqualTo(400);
      assertThat(firstError(r).code()).isEqualTo("verification_strategy_invalid");
      assertThat(firstError(r).meta()).containsEntry("param_name", "strategy");
    }

    @Test
    void preparingAStrategyNotOfferedIsInvalid() {
      fake.addUser(janeWithEmailAndPhone());
      String id = janeSignsIn().id();

      assertStrategyInvalid(device.prepare(id, "phone_code"));
      assertThat(fake.outbox()).isEmpty();
    }

    @Test
    void attemptingAStrategyNotOfferedIsInvalid() {
      fake.addUser(janeWithEmailAndPhone());
      String id = janeSignsIn().id();
      device.prepare(id, "email_code");

      assertStrategyInvalid(device.attempt(id, "totp", "123456"));
    }

    @Test
    void preparingAFactorThatCannotBeSentIsInvalid() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD).totp("JBSWY3DPEHPK3PXP"));
      String id = janeSignsIn().id();

      assertStrategyInvalid(device.prepare(id, "totp"));
    }

    @Test
    void preparingACompleteSignInIsInvalid() {
      fake.addUser(janeWithEmailAndPhone().emailVerified(false).phoneVerified(false));
      String id = janeSignsIn().id();

      assertStrategyInvalid(device.prepare(id, "email_code"));
    }

    @Test
    void attemptingACompleteSignInWithoutAVerificationIsInvalid() {
      fake.addUser(janeWithEmailAndPhone().emailVerified(false).phoneVerified(false));
      String id = janeSignsIn().id();

      assertStrategyInvalid(device.attempt(id, "email_code", "123456"));
    }

    @Test
    void whatIsOfferedFollowsTheSettings() {
      use(defaults().smsOnly().build());
      fake.addUser(janeWithEmailAndPhone());
      String id = janeSignsIn().id();

      assertStrategyInvalid(device.prepare(id, "email_code"));
      assertThat(device.prepare(id, "phone_code").status()).isEqualTo(200);
    }

    @Test
    void aDestinationIdOfAnotherAddressIsInvalid() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
      String id = janeSignsIn().id();

      FapiResponse r =
          fake.prepareSecondFactor(
              device.request(), id, "email_code", Optional.of("idn_other"), Optional.empty());

      assertThat(r.status()).isEqualTo(400);
      assertThat(firstError(r).code()).isEqualTo("verification_strategy_invalid");
      assertThat(firstError(r).meta()).containsEntry("param_name", "email_address_id");
    }

    @Test
    void aPrepareNamingTheOfferedAddressIsSent() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
      SignInView s = janeSignsIn();
      String emailId = s.supportedSecondFactors().get(0).emailAddressId();

      FapiResponse r =
          fake.prepareSecondFactor(
              device.request(), s.id(), "email_code", Optional.of(emailId), Optional.empty());

      assertThat(r.status()).isEqualTo(200);
    }
  }
}
