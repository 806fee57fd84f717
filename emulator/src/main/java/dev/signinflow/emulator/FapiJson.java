package dev.signinflow.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.signinflow.transport.fake.FapiError;
import dev.signinflow.transport.fake.FapiResponse;
import dev.signinflow.transport.fake.Views;
import dev.signinflow.transport.fake.Views.ClientView;
import dev.signinflow.transport.fake.Views.FactorView;
import dev.signinflow.transport.fake.Views.SessionView;
import dev.signinflow.transport.fake.Views.SignInView;
import dev.signinflow.transport.fake.Views.TokenView;
import dev.signinflow.transport.fake.Views.VerificationView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes the fake's answers in FAPI's wire format: snake_case keys, epoch-millisecond timestamps,
 * {@code {response, client}} envelopes (bare objects for tokens), Clerk's error bodies. A session
 * carries its {@code user} ({@link UserJson}); the environment is {@link EnvironmentJson}'s.
 * Written with Jackson's streaming generator from this module's own {@link Views}, never from a
 * client's types, so a wire mistake on either side shows up in tests.
 *
 * <p>Thread-safe: each thread that writes keeps one spare buffer for its next body, and nothing
 * else.
 */
final class FapiJson {
  private static final JsonFactory JSON = new JsonFactory();

  /** The largest buffer a thread keeps for its next body; a larger one is left to the GC. */
  private static final int SPARE_KEPT_BYTES = 64 * 1024;

  /** Each thread's buffer for its next body, or null while one is being written. */
  private static final ThreadLocal<Spare> SPARE = new ThreadLocal<>();

  private FapiJson() {}

  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * Writes a body into the calling thread's spare buffer and returns a copy of exactly its size:
   * the one array per answer that Jetty writes out. A fresh 4 KiB buffer per answer was the largest
   * single allocation of a request (docs/performance.md §4b). A nested call, or a buffer that grew
   * past {@link #SPARE_KEPT_BYTES}, uses a buffer of its own.
   */
  static byte[] write(Writer w) {
    Spare out = SPARE.get();
    if (out == null) {
      out = new Spare();
    } else {
      SPARE.set(null);
    }
    try (JsonGenerator g = JSON.createGenerator(out)) {
      w.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] body = out.toByteArray();
    if (out.capacity() <= SPARE_KEPT_BYTES) {
      out.reset();
      SPARE.set(out);
    }
    return body;
  }

  /** A thread's reusable output buffer; a body of the sign-in path is at most a few KiB. */
  private static final class Spare extends ByteArrayOutputStream {
    Spare() {
      super(4096);
    }

    int capacity() {
      return buf.length;
    }
  }

  /**
   * The body of an answer: the envelope, a bare object, or Clerk's error body. The environment and
   * a session token are always bare, whatever {@code envelope} says (fapi-protocol.md §1.5; spec
   * {@code Client.Environment} and the inline {@code {jwt}} of {@code /tokens}).
   */
  static byte[] body(FapiResponse r, boolean envelope) {
    if (!r.errors().isEmpty()) {
      return errors(r.errors(), r.traceId());
    }
    Views.Body body = r.body().orElse(null);
    boolean bare = !envelope || body instanceof Views.EnvironmentView || body instanceof TokenView;
    return write(
        g -> {
          if (bare) {
            writeBody(g, body);
            return;
          }
          g.writeStartObject();
          g.writeFieldName("response");
          writeBody(g, body);
          g.writeFieldName("client");
          if (r.client().isPresent()) {
            client(g, r.client().get());
          } else {
            g.writeNull();
          }
          g.writeEndObject();
        });
  }

  static void emptyObject(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeEndObject();
  }

  /** Clerk's error body: {@code {errors, meta, clerk_trace_id}}. */
  static byte[] errors(List<FapiError> errors, String traceId) {
    return write(
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("errors");
          for (FapiError e : errors) {
            g.writeStartObject();
            g.writeStringField("code", e.code());
            g.writeStringField("message", e.message());
            g.writeStringField("long_message", e.longMessage());
            g.writeFieldName("meta");
            map(g, e.meta());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeObjectFieldStart("meta");
          g.writeEndObject();
          g.writeStringField("clerk_trace_id", traceId);
          g.writeEndObject();
        });
  }

  private static void writeBody(JsonGenerator g, Views.Body body) throws IOException {
    if (body == null) {
      g.writeNull();
    } else if (body instanceof SignInView s) {
      signIn(g, s);
    } else if (body instanceof SessionView s) {
      session(g, s);
    } else if (body instanceof ClientView c) {
      client(g, c);
    } else if (body instanceof Views.EnvironmentView e) {
      EnvironmentJson.environment(g, e.settings());
    } else if (body instanceof TokenView t) {
      g.writeStartObject();
      g.writeStringField("object", "token");
      g.writeStringField("jwt", t.jwt());
      g.writeEndObject();
    }
  }

  static void signIn(JsonGenerator g, SignInView s) throws IOException {
    g.writeStartObject();
    g.writeStringField("object", "sign_in_attempt");
    g.writeStringField("id", s.id());
    g.writeStringField("status", s.status());
    g.writeArrayFieldStart("supported_identifiers");
    for (String i : s.supportedIdentifiers()) {
      g.writeString(i);
    }
    g.writeEndArray();
    g.writeStringField("identifier", s.identifier());
    g.writeObjectFieldStart("user_data");
    g.writeStringField("first_name", s.firstName());
    g.writeNullField("last_name");
    g.writeStringField("image_url", "https://img.clerk.com/placeholder");
    g.writeBooleanField("has_image", false);
    g.writeEndObject();
    factors(g, "supported_first_factors", s.supportedFirstFactors());
    factors(g, "supported_second_factors", s.supportedSecondFactors());
    verification(g, "first_factor_verification", s.firstFactorVerification());
    verification(g, "second_factor_verification", s.secondFactorVerification());
    g.writeStringField("created_session_id", s.createdSessionId());
    millis(g, "abandon_at", s.abandonAt());
    g.writeStringField("client_trust_state", s.clientTrustState());
    g.writeEndObject();
  }

  private static void factors(JsonGenerator g, String name, List<FactorView> factors)
      throws IOException {
    g.writeFieldName(name);
    if (factors == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    for (FactorView f : factors) {
      g.writeStartObject();
      g.writeStringField("strategy", f.strategy());
      if (f.safeIdentifier() != null) {
        g.writeStringField("safe_identifier", f.safeIdentifier());
      }
      if (f.emailAddressId() != null) {
        g.writeStringField("email_address_id", f.emailAddressId());
      }
      if (f.phoneNumberId() != null) {
        g.writeStringField("phone_number_id", f.phoneNumberId());
      }
      if (f.primary() != null) {
        g.writeBooleanField("primary", f.primary());
      }
      if (f.isDefault()) {
        g.writeBooleanField("default", true);
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void verification(JsonGenerator g, String name, VerificationView v)
      throws IOException {
    g.writeFieldName(name);
    if (v == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("object", v.object());
    g.writeStringField("status", v.status());
    g.writeStringField("strategy", v.strategy());
    if (v.attempts() == null) {
      g.writeNullField("attempts");
    } else {
      g.writeNumberField("attempts", v.attempts());
    }
    millis(g, "expire_at", v.expireAt());
    g.writeEndObject();
  }

  static void session(JsonGenerator g, SessionView s) throws IOException {
    g.writeStartObject();
    g.writeStringField("object", "session");
    g.writeStringField("id", s.id());
    g.writeStringField("status", s.status());
    millis(g, "expire_at", s.expireAt());
    millis(g, "abandon_at", s.abandonAt());
    millis(g, "last_active_at", s.lastActiveAt());
    g.writeNullField("last_active_token");
    g.writeNullField("last_active_organization_id");
    g.writeNullField("actor");
    g.writeFieldName("tasks");
    if (s.tasks().isEmpty()) {
      g.writeNull();
    } else {
      g.writeStartArray();
      for (String t : s.tasks()) {
        g.writeStartObject();
        g.writeStringField("key", t);
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    UserJson.user(g, s);
    g.writeObjectFieldStart("public_user_data");
    g.writeStringField("first_name", s.firstName());
    g.writeNullField("last_name");
    g.writeStringField("image_url", "https://img.clerk.com/placeholder");
    g.writeBooleanField("has_image", false);
    g.writeStringField("identifier", s.identifier());
    g.writeStringField("username", UserJson.username(s.userIdentifiers()));
    g.writeStringField("user_id", s.userId());
    g.writeEndObject();
    g.writeArrayFieldStart("factor_verification_age");
    g.writeNumber(0);
    g.writeNumber(0);
    g.writeEndArray();
    millis(g, "created_at", s.createdAt());
    millis(g, "updated_at", s.updatedAt());
    g.writeEndObject();
  }

  static void client(JsonGenerator g, ClientView c) throws IOException {
    g.writeStartObject();
    g.writeStringField("object", "client");
    g.writeStringField("id", c.id());
    g.writeArrayFieldStart("sessions");
    for (SessionView s : c.sessions()) {
      session(g, s);
    }
    g.writeEndArray();
    g.writeFieldName("sign_in");
    if (c.signIn() == null) {
      g.writeNull();
    } else {
      signIn(g, c.signIn());
    }
    g.writeNullField("sign_up");
    g.writeStringField("last_active_session_id", c.lastActiveSessionId());
    g.writeNullField("last_authentication_strategy");
    g.writeNullField("cookie_expires_at");
    g.writeBooleanField("captcha_bypass", false);
    millis(g, "created_at", c.createdAt());
    millis(g, "updated_at", c.updatedAt());
    g.writeEndObject();
  }

  private static void millis(JsonGenerator g, String name, Instant at) throws IOException {
    if (at == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, at.toEpochMilli());
    }
  }

  static void map(JsonGenerator g, Map<String, ?> map) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      g.writeFieldName(e.getKey());
      Object v = e.getValue();
      if (v == null) {
        g.writeNull();
      } else if (v instanceof Number n) {
        g.writeNumber(n.longValue());
      } else if (v instanceof Boolean b) {
        g.writeBoolean(b);
      } else {
        g.writeString(v.toString());
      }
    }
    g.writeEndObject();
  }
}
