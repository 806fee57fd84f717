package dev.signinflow.emulator;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.signinflow.transport.fake.Views.SessionView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code user} of a session ({@code Client.User} of the spec, with every field it requires) and
 * the {@code username} of its {@code public_user_data}, drawn from what the fake's {@link
 * SessionView} tells: the user's id, first name and identifiers. An identifier with an {@code @} is
 * an email address, one starting with {@code +} a phone number (the fake reads them so), any other
 * the username.
 *
 * <p>What the view does not carry is written as a new user without MFA has it, and listed in
 * docs/emulator.md ("Known gaps"): the email and phone ids are derived from the user's id and the
 * address (stable, but not the {@code email_address_id} of a sign-in's factors), their {@code
 * verification} is {@code null}, {@code two_factor_enabled}, {@code totp_enabled} and {@code
 * backup_code_enabled} are {@code false}, and the user's timestamps are the session's. Stateless
 * and thread-safe.
 */
final class UserJson {
  private static final String IMAGE_URL = "https://img.clerk.com/placeholder";
  private static final HexFormat HEX = HexFormat.of();

  private UserJson() {}

  /** The user's username among its identifiers, or null. */
  static String username(List<String> identifiers) {
    for (String i : identifiers) {
      if (!isEmail(i) && !isPhone(i)) {
        return i;
      }
    }
    return null;
  }

  /** Writes {@code "user": {...}}. */
  static void user(JsonGenerator g, SessionView s) throws IOException {
    String email = first(s.userIdentifiers(), true);
    String phone = first(s.userIdentifiers(), false);
    String emailId = email == null ? null : identificationId(s.userId(), email);
    String phoneId = phone == null ? null : identificationId(s.userId(), phone);
    Instant since = s.createdAt();

    g.writeObjectFieldStart("user");
    g.writeStringField("id", s.userId());
    g.writeStringField("object", "user");
    g.writeStringField("username", username(s.userIdentifiers()));
    g.writeStringField("first_name", s.firstName());
    g.writeNullField("last_name");
    g.writeStringField("image_url", IMAGE_URL);
    g.writeBooleanField("has_image", false);
    g.writeStringField("primary_email_address_id", emailId);
    g.writeStringField("primary_phone_number_id", phoneId);
    g.writeNullField("primary_web3_wallet_id");
    g.writeBooleanField("password_enabled", true);
    g.writeBooleanField("two_factor_enabled", false);
    g.writeBooleanField("totp_enabled", false);
    g.writeBooleanField("backup_code_enabled", false);
    g.writeArrayFieldStart("email_addresses");
    if (email != null) {
      g.writeStartObject();
      g.writeStringField("id", emailId);
      g.writeStringField("object", "email_address");
      g.writeStringField("email_address", email);
      g.writeBooleanField("reserved", false);
      g.writeNullField("verification");
      g.writeArrayFieldStart("linked_to");
      g.writeEndArray();
      millis(g, "created_at", since);
      millis(g, "updated_at", since);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("phone_numbers");
    if (phone != null) {
      g.writeStartObject();
      g.writeStringField("id", phoneId);
      g.writeStringField("object", "phone_number");
      g.writeStringField("phone_number", phone);
      g.writeBooleanField("reserved_for_second_factor", false);
      g.writeBooleanField("default_second_factor", false);
      g.writeBooleanField("reserved", false);
      g.writeNullField("verification");
      g.writeArrayFieldStart("linked_to");
      g.writeEndArray();
      g.writeNullField("backup_codes");
      millis(g, "created_at", since);
      millis(g, "updated_at", since);
      g.writeEndObject();
    }
    g.writeEndArray();
    for (String none :
        List.of(
            "web3_wallets",
            "passkeys",
            "organization_memberships",
            "external_accounts",
            "saml_accounts",
            "enterprise_accounts")) {
      g.writeArrayFieldStart(none);
      g.writeEndArray();
    }
    g.writeObjectFieldStart("public_metadata");
    g.writeEndObject();
    g.writeObjectFieldStart("unsafe_metadata");
    g.writeEndObject();
    g.writeNullField("external_id");
    millis(g, "last_sign_in_at", since);
    g.writeBooleanField("banned", false);
    g.writeBooleanField("locked", false);
    g.writeNullField("lockout_expires_in_seconds");
    g.writeNullField("verification_attempts_remaining");
    g.writeNullField("mfa_enabled_at");
    g.writeNullField("mfa_disabled_at");
    g.writeNullField("legal_accepted_at");
    millis(g, "created_at", since);
    millis(g, "updated_at", since);
    millis(g, "last_active_at", s.lastActiveAt());
    g.writeBooleanField("delete_self_enabled", false);
    g.writeBooleanField("create_organization_enabled", false);
    g.writeNullField("password_last_updated_at");
    g.writeStringField("profile_image_url", IMAGE_URL);
    g.writeEndObject();
  }

  private static String first(List<String> identifiers, boolean email) {
    for (String i : identifiers) {
      if (email ? isEmail(i) : isPhone(i)) {
        return i;
      }
    }
    return null;
  }

  private static boolean isEmail(String identifier) {
    return identifier.indexOf('@') >= 0;
  }

  private static boolean isPhone(String identifier) {
    return identifier.startsWith("+");
  }

  /**
   * A stable {@code idn_...} for one of the user's addresses: the same user and address always give
   * the same id, and different ones different ids.
   */
  static String identificationId(String userId, String address) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    sha.update(userId.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    byte[] digest = sha.digest(address.getBytes(StandardCharsets.UTF_8));
    return "idn_" + HEX.formatHex(digest, 0, 14);
  }

  private static void millis(JsonGenerator g, String name, Instant at) throws IOException {
    if (at == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, at.toEpochMilli());
    }
  }
}
