package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.Strategy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How a {@link FakeClerk} instance behaves: the dashboard settings of a Clerk instance, and the
 * server rules that public sources leave open. Every default is Clerk's documented behaviour or,
 * where the sources are silent, the project's decision in {@code fapi-protocol.md} §11.
 *
 * <p>Immutable; change one with {@link #toBuilder()}.
 *
 * @param clientTrust whether a new device must prove itself after a right password (default on)
 * @param legacyClientTrustShape answer Client Trust as {@code needs_second_factor} with {@code
 *     client_trust_state=new} instead of {@code needs_client_trust} (default off)
 * @param emailCodeEnabled whether email codes may be sent (default on)
 * @param emailLinkEnabled whether email links may be sent (default on)
 * @param smsEnabled whether SMS codes may be sent (default on)
 * @param mfaStrategies the second factors users may have enrolled (default totp, phone_code,
 *     email_code, backup_code)
 * @param sessionTasks task keys attached to every new session, making it pending (default none)
 * @param codeLifetime how long a code or link works (default 10 minutes)
 * @param resendCooldown the least time between two sends for one sign-in and strategy (default 30
 *     s)
 * @param wrongCodesAllowed wrong codes accepted on one verification before it fails (default 3)
 * @param createLimit sign-in creations allowed per client IP per {@code rateLimitWindow} (default
 *     5)
 * @param attemptLimit code attempts allowed per client IP per {@code rateLimitWindow} (default 3)
 * @param rateLimitWindow the window of both limits (default 10 s); limits are off when zero
 * @param lockoutThreshold failed password or code attempts that lock a user (default 10)
 * @param lockoutDuration how long a lockout lasts (default 1 hour)
 * @param testIdentities whether {@code +clerk_test} emails and 555-01XX numbers take code 424242
 *     and are sent nothing (default on)
 * @param signInLifetime how long a sign-in lives before it is abandoned (default 24 hours)
 * @param identifierEnumerationProtection answer a wrong password and an unknown identifier alike,
 *     with {@code form_password_or_identifier_incorrect} (default off)
 * @param rotateClientTokens issue a new client token with every response (default on; earlier
 *     tokens of the client, the newest 64, keep working)
 * @param singleSessionMode one signed-in session per client, Clerk's default (default on): a
 *     sign-in on a client with a signed-in session answers 400 {@code session_exists}; off
 *     (multi-session mode), only the same user signing in again is refused, with 400 {@code
 *     identifier_already_signed_in} and {@code meta.session_id}
 * @param nativeApiEnabled the dashboard's Native API switch ("Native applications" page; default
 *     on, as this project's clients are native): off, every native client's request ({@code
 *     _is_native}) is answered 400 {@code native_api_disabled}
 */
public record FakeSettings(
    boolean clientTrust,
    boolean legacyClientTrustShape,
    boolean emailCodeEnabled,
    boolean emailLinkEnabled,
    boolean smsEnabled,
    Set<Strategy> mfaStrategies,
    List<String> sessionTasks,
    Duration codeLifetime,
    Duration resendCooldown,
    int wrongCodesAllowed,
    int createLimit,
    int attemptLimit,
    Duration rateLimitWindow,
    int lockoutThreshold,
    Duration lockoutDuration,
    boolean testIdentities,
    Duration signInLifetime,
    boolean identifierEnumerationProtection,
    boolean rotateClientTokens,
    boolean singleSessionMode,
    boolean nativeApiEnabled) {

  public FakeSettings {
    mfaStrategies =
        mfaStrategies.isEmpty()
            ? Set.of()
            : Set.copyOf(EnumSet.copyOf(requireNonNull(mfaStrategies, "mfaStrategies")));
    sessionTasks = List.copyOf(sessionTasks);
    requireNonNull(codeLifetime, "codeLifetime");
    requireNonNull(resendCooldown, "resendCooldown");
    requireNonNull(rateLimitWindow, "rateLimitWindow");
    requireNonNull(lockoutDuration, "lockoutDuration");
    requireNonNull(signInLifetime, "signInLifetime");
    if (wrongCodesAllowed < 0 || createLimit < 1 || attemptLimit < 1 || lockoutThreshold < 1) {
      throw new IllegalArgumentException(
          "wrongCodesAllowed must be >= 0; createLimit, attemptLimit, lockoutThreshold >= 1");
    }
    for (Duration d :
        List.of(codeLifetime, resendCooldown, rateLimitWindow, lockoutDuration, signInLifetime)) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative: " + d);
      }
    }
  }

  /** Clerk's behaviour, with §11's decisions where the sources are silent. */
  public static FakeSettings defaults() {
    return new FakeSettings(
        true,
        false,
        true,
        true,
        true,
        EnumSet.of(Strategy.TOTP, Strategy.PHONE_CODE, Strategy.EMAIL_CODE, Strategy.BACKUP_CODE),
        List.of(),
        Duration.ofMinutes(10),
        Duration.ofSeconds(30),
        3,
        5,
        3,
        Duration.ofSeconds(10),
        10,
        Duration.ofHours(1),
        true,
        Duration.ofHours(24),
        false,
        true,
        true,
        true);
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link FakeSettings}; each setter names the setting it changes. */
  public static final class Builder {
    private boolean clientTrust;
    private boolean legacyClientTrustShape;
    private boolean emailCodeEnabled;
    private boolean emailLinkEnabled;
    private boolean smsEnabled;
    private Set<Strategy> mfaStrategies;
    private List<String> sessionTasks;
    private Duration codeLifetime;
    private Duration resendCooldown;
    private int wrongCodesAllowed;
    private int createLimit;
    private int attemptLimit;
    private Duration rateLimitWindow;
    private int lockoutThreshold;
    private Duration lockoutDuration;
    private boolean testIdentities;
    private Duration signInLifetime;
    private boolean identifierEnumerationProtection;
    private boolean rotateClientTokens;
    private boolean singleSessionMode;
    private boolean nativeApiEnabled;

    private Builder(FakeSettings s) {
      clientTrust = s.clientTrust;
      legacyClientTrustShape = s.legacyClientTrustShape;
      emailCodeEnabled = s.emailCodeEnabled;
      emailLinkEnabled = s.emailLinkEnabled;
      smsEnabled = s.smsEnabled;
      mfaStrategies = s.mfaStrategies;
      sessionTasks = s.sessionTasks;
      codeLifetime = s.codeLifetime;
      resendCooldown = s.resendCooldown;
      wrongCodesAllowed = s.wrongCodesAllowed;
      createLimit = s.createLimit;
      attemptLimit = s.attemptLimit;
      rateLimitWindow = s.rateLimitWindow;
      lockoutThreshold = s.lockoutThreshold;
      lockoutDuration = s.lockoutDuration;
      testIdentities = s.testIdentities;
      signInLifetime = s.signInLifetime;
      identifierEnumerationProtection = s.identifierEnumerationProtection;
      rotateClientTokens = s.rotateClientTokens;
      singleSessionMode = s.singleSessionMode;
      nativeApiEnabled = s.nativeApiEnabled;
    }

    public Builder clientTrust(boolean on) {
      clientTrust = on;
      return this;
    }

    public Builder legacyClientTrustShape(boolean on) {
      legacyClientTrustShape = on;
      return this;
    }

    public Builder emailCodeEnabled(boolean on) {
      emailCodeEnabled = on;
      return this;
    }

    public Builder emailLinkEnabled(boolean on) {
      emailLinkEnabled = on;
      return this;
    }

    public Builder smsEnabled(boolean on) {
      smsEnabled = on;
      return this;
    }

    /** An instance whose only way to send is SMS: email codes and links off. */
    public Builder smsOnly() {
      return emailCodeEnabled(false).emailLinkEnabled(false).smsEnabled(true);
    }

    public Builder mfaStrategies(Set<Strategy> strategies) {
      mfaStrategies = requireNonNull(strategies, "strategies");
      return this;
    }

    public Builder sessionTasks(List<String> keys) {
      sessionTasks = requireNonNull(keys, "keys");
      return this;
    }

    public Builder codeLifetime(Duration d) {
      codeLifetime = d;
      return this;
    }

    public Builder resendCooldown(Duration d) {
      resendCooldown = d;
      return this;
    }

    public Builder wrongCodesAllowed(int n) {
      wrongCodesAllowed = n;
      return this;
    }

    public Builder createLimit(int n) {
      createLimit = n;
      return this;
    }

    public Builder attemptLimit(int n) {
      attemptLimit = n;
      return this;
    }

    /** The window of the rate limits; {@link Duration#ZERO} turns them off. */
    public Builder rateLimitWindow(Duration d) {
      rateLimitWindow = d;
      return this;
    }

    public Builder lockoutThreshold(int n) {
      lockoutThreshold = n;
      return this;
    }

    public Builder lockoutDuration(Duration d) {
      lockoutDuration = d;
      return this;
    }

    public Builder testIdentities(boolean on) {
      testIdentities = on;
      return this;
    }

    public Builder signInLifetime(Duration d) {
      signInLifetime = d;
      return this;
    }

    public Builder identifierEnumerationProtection(boolean on) {
      identifierEnumerationProtection = on;
      return this;
    }

    public Builder rotateClientTokens(boolean on) {
      rotateClientTokens = on;
      return this;
    }

    /** One signed-in session per client (on, Clerk's default) or several (multi-session). */
    public Builder singleSessionMode(boolean on) {
      singleSessionMode = on;
      return this;
    }

    /** The Native API switch: off, native clients' requests get {@code native_api_disabled}. */
    public Builder nativeApiEnabled(boolean on) {
      nativeApiEnabled = on;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException when a number or duration is out of range
     */
    public FakeSettings build() {
      return new FakeSettings(
          clientTrust,
          legacyClientTrustShape,
          emailCodeEnabled,
          emailLinkEnabled,
          smsEnabled,
          mfaStrategies,
          sessionTasks,
          codeLifetime,
          resendCooldown,
          wrongCodesAllowed,
          createLimit,
          attemptLimit,
          rateLimitWindow,
          lockoutThreshold,
          lockoutDuration,
          testIdentities,
          signInLifetime,
          identifierEnumerationProtection,
          rotateClientTokens,
          singleSessionMode,
          nativeApiEnabled);
    }
  }
}
