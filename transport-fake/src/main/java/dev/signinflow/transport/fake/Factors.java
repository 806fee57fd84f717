package dev.signinflow.transport.fake;

import dev.signinflow.engine.Strategy;
import dev.signinflow.transport.fake.Views.FactorView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which second factors a sign-in offers: the MFA factors the user enrolled and the instance allows,
 * or Client Trust's one factor (§11).
 */
final class Factors {
  private Factors() {}

  /** MFA factors the user enrolled and the instance allows, in Clerk's UI order. */
  static List<FactorView> mfa(UserRecord user, FakeSettings settings) {
    FakeUser u = user.spec;
    Set<Strategy> allowed = settings.mfaStrategies();
    List<FactorView> factors = new ArrayList<>();
    if (u.totpSecret().isPresent() && allowed.contains(Strategy.TOTP)) {
      factors.add(new FactorView(Strategy.TOTP.wireName(), null, null, null, null, true));
    }
    if (u.smsSecondFactor()
        && u.phoneVerified()
        && u.phone().isPresent()
        && allowed.contains(Strategy.PHONE_CODE)) {
      factors.add(phone(user, factors.isEmpty()));
    }
    if (u.emailSecondFactor()
        && u.emailVerified()
        && u.email().isPresent()
        && allowed.contains(Strategy.EMAIL_CODE)) {
      factors.add(email(Strategy.EMAIL_CODE, user, factors.isEmpty()));
    }
    if (!u.backupCodes().isEmpty() && allowed.contains(Strategy.BACKUP_CODE)) {
      factors.add(
          new FactorView(
              Strategy.BACKUP_CODE.wireName(), null, null, null, null, factors.isEmpty()));
    }
    return factors;
  }

  /**
   * §11: exactly one Client Trust factor — email code, else email link, else SMS code — as the
   * one-element list a sign-in offers. The list is made once per user and strategy and shared by
   * the user's sign-ins (it is immutable, and so is what it is made from): a sign-in on a new
   * device keeps no factor of its own.
   */
  static Optional<List<FactorView>> trust(UserRecord user, FakeSettings settings) {
    FakeUser u = user.spec;
    boolean email = u.email().isPresent() && u.emailVerified();
    boolean phone = u.phone().isPresent() && u.phoneVerified();
    if (email && settings.emailCodeEnabled()) {
      return Optional.of(
          user.trustFactor(Strategy.EMAIL_CODE, () -> email(Strategy.EMAIL_CODE, user, false)));
    }
    if (email && settings.emailLinkEnabled()) {
      return Optional.of(
          user.trustFactor(Strategy.EMAIL_LINK, () -> email(Strategy.EMAIL_LINK, user, false)));
    }
    if (phone && settings.smsEnabled()) {
      return Optional.of(user.trustFactor(Strategy.PHONE_CODE, () -> phone(user, false)));
    }
    return Optional.empty();
  }

  private static FactorView email(Strategy strategy, UserRecord user, boolean isDefault) {
    return new FactorView(
        strategy.wireName(),
        Identifiers.maskEmail(user.spec.email().orElseThrow()),
        user.emailId,
        null,
        true,
        isDefault);
  }

  private static FactorView phone(UserRecord user, boolean isDefault) {
    return new FactorView(
        Strategy.PHONE_CODE.wireName(),
        Identifiers.maskPhone(user.spec.phone().orElseThrow()),
        null,
        user.phoneId,
        true,
        isDefault);
  }
}
