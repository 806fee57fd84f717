package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A user of a {@link FakeClerk} instance, as a test sets it up. {@link FakeClerk#addUser} gives it
 * ids and keeps only what the server needs: the password is kept as a salted hash, never in clear.
 *
 * <p>Immutable. Build one with {@link #withEmail(String)}, {@link #withPhone(String)} or {@link
 * #withUsername(String)}.
 *
 * @param email the email address, if any
 * @param emailVerified whether the email address is verified
 * @param phone the phone number in E.164 form, if any
 * @param phoneVerified whether the phone number is verified
 * @param username the username, if any
 * @param password the password in clear, as the test knows it (never kept by the server)
 * @param totpSecret a base32 TOTP secret when the user enrolled an authenticator app
 * @param backupCodes the user's single-use backup codes, empty when none
 * @param smsSecondFactor whether the user enrolled SMS codes (to the verified phone) as MFA
 * @param emailSecondFactor whether the user enrolled email codes (to the verified email) as MFA
 * @param locked whether the user starts locked out
 * @param firstName shown in {@code user_data}, if any
 */
public record FakeUser(
    Optional<String> email,
    boolean emailVerified,
    Optional<String> phone,
    boolean phoneVerified,
    Optional<String> username,
    String password,
    Optional<String> totpSecret,
    List<String> backupCodes,
    boolean smsSecondFactor,
    boolean emailSecondFactor,
    boolean locked,
    Optional<String> firstName) {

  public FakeUser {
    requireNonNull(email, "email");
    requireNonNull(phone, "phone");
    requireNonNull(username, "username");
    requireNonNull(password, "password");
    requireNonNull(totpSecret, "totpSecret");
    backupCodes = List.copyOf(backupCodes);
    requireNonNull(firstName, "firstName");
    totpSecret.ifPresent(Totp::decodeSecret);
  }

  private static FakeUser blank() {
    return new FakeUser(
        Optional.empty(),
        false,
        Optional.empty(),
        false,
        Optional.empty(),
        "",
        Optional.empty(),
        List.of(),
        false,
        false,
        false,
        Optional.empty());
  }

  /** A user with a verified email address and no password yet. */
  public static FakeUser withEmail(String email) {
    return blank().email(email);
  }

  /** A user with a verified phone number (E.164) and no password yet. */
  public static FakeUser withPhone(String phone) {
    return blank().phone(phone);
  }

  /** A user with a username and no password yet. */
  public static FakeUser withUsername(String username) {
    return blank().username(username);
  }

  /** This user with a verified email address. */
  public FakeUser email(String address) {
    return new FakeUser(
        Optional.of(address),
        true,
        phone,
        phoneVerified,
        username,
        password,
        totpSecret,
        backupCodes,
        smsSecondFactor,
        emailSecondFactor,
        locked,
        firstName);
  }

  /** This user with the email's verified flag set as given. */
  public FakeUser emailVerified(boolean verified) {
    return new FakeUser(
        email,
        verified,
        phone,
        phoneVerified,
        username,
        password,
        totpSecret,
        backupCodes,
        smsSecondFactor,
        emailSecondFactor,
        locked,
        firstName);
  }

  /** This user with a verified phone number (E.164). */
  public FakeUser phone(String number) {
    return new FakeUser(
        email,
        emailVerified,
        Optional.of(number),
        true,
        username,
        password,
        totpSecret,
        backupCodes,
        smsSecondFactor,
        emailSecondFactor,
        locked,
        firstName);
  }

  /** This user with the phone's verified flag set as given. */
  public FakeUser phoneVerified(boolean verified) {
    return new FakeUser(
        email,
        emailVerified,
        phone,
        verified,
        username,
        password,
        totpSecret,
        backupCodes,
        smsSecondFactor,
        emailSecondFactor,
        locked,
        firstName);
  }

  /** This user with a username. */
  public FakeUser username(String name) {
    return new FakeUser(
        email,
        emailVerified,
        phone,
        phoneVerified,
        Optional.of(name),
        password,
        totpSecret,
        backupCodes,
        smsSecondFactor,
        emailSecondFactor,
        locked,
        firstName);
  }

  /** This user with a password. */
  public FakeUser password(String clear) {
    return new FakeUser(
        email,
        emailVerified,
        phone,
        phoneVerified,
        username,
        requireNonNull(clear, "clear"),
        totpSecret,
        backupCodes,
        smsSecondFactor,
        emailSecondFactor,
        locked,
        firstName);
  }

  /** This user with TOTP MFA, the secret in base32 (RFC 4648). */
  public FakeUser totp(String base32Secret) {
    return new FakeUser(
        email,
        emailVerified,
        phone,
        phoneVerified,
        username,
        password,
        Optional.of(base32Secret),
        backupCodes,
        smsSecondFactor,
        emailSecondFactor,
        locked,
        firstName);
  }

  /** This user with single-use backup codes. */
  public FakeUser backupCodes(List<String> codes) {
    return new FakeUser(
        email,
        emailVerified,
        phone,
        phoneVerified,
        username,
        password,
        totpSecret,
        codes,
        smsSecondFactor,
        emailSecondFactor,
        locked,
        firstName);
  }

  /** This user with SMS codes to the verified phone as MFA. */
  public FakeUser withSmsSecondFactor() {
    return new FakeUser(
        email,
        emailVerified,
        phone,
        phoneVerified,
        username,
        password,
        totpSecret,
        backupCodes,
        true,
        emailSecondFactor,
        locked,
        firstName);
  }

  /** This user with email codes to the verified email as MFA. */
  public FakeUser withEmailSecondFactor() {
    return new FakeUser(
        email,
        emailVerified,
        phone,
        phoneVerified,
        username,
        password,
        totpSecret,
        backupCodes,
        smsSecondFactor,
        true,
        locked,
        firstName);
  }

  /** This user, locked out from the start. */
  public FakeUser lockedOut() {
    return new FakeUser(
        email,
        emailVerified,
        phone,
        phoneVerified,
        username,
        password,
        totpSecret,
        backupCodes,
        smsSecondFactor,
        emailSecondFactor,
        true,
        firstName);
  }

  /** This user with a first name. */
  public FakeUser firstName(String name) {
    return new FakeUser(
        email,
        emailVerified,
        phone,
        phoneVerified,
        username,
        password,
        totpSecret,
        backupCodes,
        smsSecondFactor,
        emailSecondFactor,
        locked,
        Optional.of(name));
  }

  @Override
  public String toString() {
    return "FakeUser["
        + email.or(() -> phone).or(() -> username).orElse("?")
        + (totpSecret.isPresent() ? ", totp" : "")
        + (backupCodes.isEmpty() ? "" : ", backup codes")
        + (smsSecondFactor ? ", sms mfa" : "")
        + (emailSecondFactor ? ", email mfa" : "")
        + (locked ? ", locked" : "")
        + "]";
  }
}
