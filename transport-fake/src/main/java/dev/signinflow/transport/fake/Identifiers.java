package dev.signinflow.transport.fake;

import dev.signinflow.transport.fake.Wire.IdentifierKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the fake reads identifiers: emails and usernames compare case-insensitively, phone numbers
 * without punctuation; which ones are test identities (§11); how addresses and numbers are masked.
 */
final class Identifiers {
  private static final Pattern TEST_PHONE = Pattern.compile("\\+1[0-9]{3}55501[0-9]{2}");

  private Identifiers() {}

  /** The user's email, phone number and username, those it has, in that order. */
  static List<String> of(FakeUser u) {
    List<String> ids = new ArrayList<>();
    u.email().ifPresent(ids::add);
    u.phone().ifPresent(ids::add);
    u.username().ifPresent(ids::add);
    return ids;
  }

  /** {@code supported_identifiers}: the wire names of the kinds of identifier the user has. */
  static List<String> kinds(FakeUser u) {
    List<String> kinds = new ArrayList<>();
    u.email().ifPresent(e -> kinds.add(IdentifierKind.EMAIL_ADDRESS.wireName()));
    u.phone().ifPresent(p -> kinds.add(IdentifierKind.PHONE_NUMBER.wireName()));
    u.username().ifPresent(n -> kinds.add(IdentifierKind.USERNAME.wireName()));
    return kinds;
  }

  /** Emails and usernames compare case-insensitively; phone numbers without punctuation. */
  static String normalize(String identifier) {
    String t = identifier.strip();
    if (t.startsWith("+")) {
      return t.replaceAll("[\\s().-]", "");
    }
    return t.toLowerCase(Locale.ROOT);
  }

  /** True for a {@code +clerk_test} email address or a {@code +1 (XXX) 555-01XX} number. */
  static boolean isTestIdentity(String to) {
    if (to.startsWith("+")) {
      return TEST_PHONE.matcher(normalize(to)).matches();
    }
    int at = to.indexOf('@');
    return at > 0 && to.substring(0, at).contains("+clerk_test");
  }

  /** {@code safe_identifier} of an email address: its first letter and its domain. */
  static String maskEmail(String email) {
    int at = email.indexOf('@');
    return email.charAt(0) + "***" + email.substring(at);
  }

  /** {@code safe_identifier} of a phone number: its first two and last four characters. */
  static String maskPhone(String phone) {
    String p = normalize(phone);
    return p.substring(0, 2)
        + "*".repeat(Math.max(0, p.length() - 6))
        + p.substring(p.length() - 4);
  }
}
