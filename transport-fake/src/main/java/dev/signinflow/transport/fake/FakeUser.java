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
    requireNonNull(address, "address");
    return with(
        u -> {
          u.email = Optional.of(address);
          u.emailVerified = true;
        });
  }

  /** This user with the email's verified flag set as given. */
  public FakeUser emailVerified(boolean verified) {
    return with(u -> u.emailVerified = verified);
  }

  /** This user with a verified phone number (E.164). */
  public FakeUser phone(String number) {
    requireNonNull(number, "number");
    return with(
        u -> {
          u.phone = Optional.of(number);
          u.phoneVerified = true;
        });
  }

  /** This user with the phone's verified flag set as given. */
  public FakeUser phoneVerified(boolean verified) {
    return with(u -> u.phoneVerified = verified);
  }

  /** This user with a username. */
  public FakeUser username(String name) {
    requireNonNull(name, "name");
    return with(u -> u.username = Optional.of(name));
  }

  /** This user with a password. */
  public FakeUser password(String clear) {
    requireNonNull(clear, "clear");
    return with(u -> u.password = clear);
  }

  /** This user with TOTP MFA, the secret in base32 (RFC 4648). */
  public FakeUser totp(String base32Secret) {
    requireNonNull(base32Secret, "base32Secret");
    return with(u -> u.totpSecret = Optional.of(base32Secret));
  }

  /** This user with single-use backup codes. */
  public FakeUser backupCodes(List<String> codes) {
    requireNonNull(codes, "codes");
    return with(u -> u.backupCodes = codes);
  }

  /** This user with SMS codes to the verified phone as MFA. */
  public FakeUser withSmsSecondFactor() {
    return with(u -> u.smsSecondFactor = true);
  }

  /** This user with email codes to the verified email as MFA. */
  public FakeUser withEmailSecondFactor() {
    return with(u -> u.emailSecondFactor = true);
  }

  /** This user, locked out from the start. */
  public FakeUser lockedOut() {
    return with(u -> u.locked = true);
  }

  /** This user with a first name. */
  public FakeUser firstName(String name) {
    requireNonNull(name, "name");
    return with(u -> u.firstName = Optional.of(name));
  }

  /** A copy of this user with one change: the one place the record is rebuilt. */
  private FakeUser with(java.util.function.Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return new FakeUser(
        d.email,
        d.emailVerified,
        d.phone,
        d.phoneVerified,
        d.username,
        d.password,
        d.totpSecret,
        d.backupCodes,
        d.smsSecondFactor,
        d.emailSecondFactor,
        d.locked,
        d.firstName);
  }

  /** The components of a user being changed. */
  private static final class Draft {
    Optional<String> email;
    boolean emailVerified;
    Optional<String> phone;
    boolean phoneVerified;
    Optional<String> username;
    String password;
    Optional<String> totpSecret;
    List<String> backupCodes;
    boolean smsSecondFactor;
    boolean emailSecondFactor;
    boolean locked;
    Optional<String> firstName;

    Draft(FakeUser u) {
      email = u.email;
      emailVerified = u.emailVerified;
      phone = u.phone;
      phoneVerified = u.phoneVerified;
      username = u.username;
      password = u.password;
      totpSecret = u.totpSecret;
      backupCodes = u.backupCodes;
      smsSecondFactor = u.smsSecondFactor;
      emailSecondFactor = u.emailSecondFactor;
      locked = u.locked;
      firstName = u.firstName;
    }
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
