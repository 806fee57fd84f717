package dev.signinflow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Strategy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which factor a challenge starts on: Client Trust's, and MFA's default, as Clerk's UI picks. */
class FactorChoiceTest {
  private static final Factor TOTP = Factor.of(Strategy.TOTP);
  private static final Factor BACKUP = Factor.of(Strategy.BACKUP_CODE);
  private static final Factor EMAIL_CODE = Factor.of(Strategy.EMAIL_CODE, "idn_1", "a***@x.com");
  private static final Factor PHONE_CODE = Factor.of(Strategy.PHONE_CODE, "idn_2", "+1***0100");
  private static final Factor PASSKEY =
      new Factor(Strategy.UNKNOWN, "passkey", Optional.empty(), Optional.empty(), false, false);

  @Test
  void clientTrustStartsOnTheFirstFactorTheServerDeliversNotOnAnEarlierOneItDoesNot() {
    assertThat(FlowSteps.trustFactor(List.of(TOTP, EMAIL_CODE, PHONE_CODE))).contains(EMAIL_CODE);
    assertThat(FlowSteps.trustFactor(List.of(PASSKEY, PHONE_CODE))).contains(PHONE_CODE);
  }

  @Test
  void clientTrustFallsBackToTheFirstKnownFactorWhenNoneIsDelivered() {
    assertThat(FlowSteps.trustFactor(List.of(PASSKEY, TOTP, BACKUP))).contains(TOTP);
  }

  @Test
  void clientTrustHasNoFactorWhenTheServerOffersOnlyUnknownOnes() {
    assertThat(FlowSteps.trustFactor(List.of(PASSKEY))).isEmpty();
    assertThat(FlowSteps.trustFactor(List.of())).isEmpty();
  }

  @Test
  void aSecondFactorStartsOnTotpThenPhoneCodeThenTheFirstKnownOneOffered() {
    assertThat(FlowSteps.defaultFactor(List.of(EMAIL_CODE, PHONE_CODE, TOTP))).contains(TOTP);
    assertThat(FlowSteps.defaultFactor(List.of(EMAIL_CODE, BACKUP, PHONE_CODE)))
        .contains(PHONE_CODE);
    assertThat(FlowSteps.defaultFactor(List.of(PASSKEY, BACKUP, EMAIL_CODE))).contains(BACKUP);
    assertThat(FlowSteps.defaultFactor(List.of(PASSKEY))).isEmpty();
  }
}
