package dev.signinflow.transport.feign;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.ClientTrustState;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionStatus;
import dev.signinflow.engine.SessionTask;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.Verification;
import dev.signinflow.engine.VerificationStatus;
import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientSession;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInStatus;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * FAPI's JSON as this transport reads it, bound by feign-jackson's {@code JacksonDecoder} ({@link
 * FapiDecoder}) and by {@link FapiErrorDecoder}: only the fields the flow needs, unknown ones
 * ignored, unknown enum values kept raw. These records are this module's own; the emulator writes
 * its JSON with its own code, so a wire mistake on either side shows up in tests.
 */
final class Wire {
  private Wire() {}

  /**
   * A 2xx body, bound in one pass: its {@code response} object is the value, the rest (the client)
   * is skipped.
   *
   * @param <T> the value
   */
  interface Envelope<T> {
    /**
     * The value, or null when the body holds no {@code response}.
     *
     * @throws IllegalArgumentException when the response lacks what the value needs
     */
    T value();
  }

  /** A 2xx body whose {@code response} is a sign-in. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record SignInEnvelope(@JsonProperty("response") SignInJson response) implements Envelope<SignIn> {
    @Override
    public SignIn value() {
      return response == null ? null : response.toSignIn();
    }
  }

  /** A 2xx body whose {@code response} is a session. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record SessionEnvelope(@JsonProperty("response") SessionJson response)
      implements Envelope<Session> {
    @Override
    public Session value() {
      return response == null ? null : response.toSession();
    }
  }

  /**
   * A 2xx body whose {@code response} is a client, or null: {@code GET /v1/client} and {@code
   * DELETE /v1/client/sessions}. A {@code response} that is null is {@link Client#none()}; a body
   * without one gives no value. A class rather than a record: only a setter tells an explicit null
   * from an absent field.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class ClientEnvelope implements Envelope<Client> {
    private ClientJson response;
    private boolean present;

    @JsonSetter("response")
    void response(ClientJson response) {
      this.response = response;
      this.present = true;
    }

    @Override
    public Client value() {
      if (!present) {
        return null;
      }
      return response == null ? Client.none() : response.toClient();
    }
  }

  /**
   * A 2xx body that is a session token itself, with no envelope: {@code {"object": "token", "jwt":
   * "…"}}.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record TokenJson(@JsonProperty("object") String object, @JsonProperty("jwt") String jwt)
      implements Envelope<SessionToken> {
    /**
     * @throws IllegalArgumentException without the token in its message, when there is no {@code
     *     jwt} or {@link SessionToken#of(String)} refuses it
     */
    @Override
    public SessionToken value() {
      if (jwt == null) {
        throw new IllegalArgumentException("a token answer without a jwt");
      }
      return SessionToken.of(jwt);
    }
  }

  /** The envelope a value of this type comes in, as {@link FapiApi}'s answers declare it. */
  static Class<? extends Envelope<?>> envelopeOf(Type valueType) {
    if (valueType == SignIn.class) {
      return SignInEnvelope.class;
    }
    if (valueType == Session.class) {
      return SessionEnvelope.class;
    }
    if (valueType == Client.class) {
      return ClientEnvelope.class;
    }
    if (valueType == SessionToken.class) {
      return TokenJson.class;
    }
    throw new IllegalArgumentException("no FAPI envelope for " + valueType.getTypeName());
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record SignInJson(
      @JsonProperty("object") String object,
      @JsonProperty("id") String id,
      @JsonProperty("status") String status,
      @JsonProperty("client_trust_state") String clientTrustState,
      @JsonProperty("supported_second_factors") List<FactorJson> supportedSecondFactors,
      @JsonProperty("second_factor_verification") VerificationJson secondFactorVerification,
      @JsonProperty("created_session_id") String createdSessionId,
      @JsonProperty("abandon_at") Long abandonAt) {

    SignIn toSignIn() {
      if (id == null || status == null) {
        throw new IllegalArgumentException("sign-in without id or status");
      }
      return new SignIn(
          id,
          SignInStatus.fromWireName(status),
          status,
          Optional.ofNullable(clientTrustState).map(ClientTrustState::fromWireName),
          supportedSecondFactors == null
              ? List.of()
              : supportedSecondFactors.stream()
                  .filter(f -> f != null && f.strategy() != null)
                  .map(FactorJson::toFactor)
                  .toList(),
          Optional.ofNullable(secondFactorVerification)
              .filter(v -> v.status() != null && v.strategy() != null)
              .map(VerificationJson::toVerification),
          Optional.ofNullable(createdSessionId),
          Optional.ofNullable(abandonAt).map(Instant::ofEpochMilli));
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record FactorJson(
      @JsonProperty("strategy") String strategy,
      @JsonProperty("safe_identifier") String safeIdentifier,
      @JsonProperty("email_address_id") String emailAddressId,
      @JsonProperty("phone_number_id") String phoneNumberId,
      @JsonProperty("primary") Boolean primary,
      @JsonProperty("default") Boolean isDefault) {

    Factor toFactor() {
      return new Factor(
          Strategy.fromWireName(strategy),
          strategy,
          Optional.ofNullable(emailAddressId != null ? emailAddressId : phoneNumberId),
          Optional.ofNullable(safeIdentifier),
          Boolean.TRUE.equals(primary),
          Boolean.TRUE.equals(isDefault));
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record VerificationJson(
      @JsonProperty("status") String status,
      @JsonProperty("strategy") String strategy,
      @JsonProperty("attempts") Integer attempts,
      @JsonProperty("expire_at") Long expireAt) {

    Verification toVerification() {
      return new Verification(
          VerificationStatus.fromWireName(status),
          Strategy.fromWireName(strategy),
          attempts == null ? 0 : attempts,
          Optional.ofNullable(expireAt).map(Instant::ofEpochMilli));
    }
  }

  /** True when the value of this envelope is the body itself, not its {@code response}. */
  static boolean bare(Class<?> envelope) {
    return envelope == TokenJson.class;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ClientJson(
      @JsonProperty("id") String id,
      @JsonProperty("sessions") List<SessionJson> sessions,
      @JsonProperty("last_active_session_id") String lastActiveSessionId) {

    Client toClient() {
      List<ClientSession> list = new ArrayList<>();
      if (sessions != null) {
        for (SessionJson s : sessions) {
          if (s != null) {
            list.add(new ClientSession(s.toSession(), s.userIdentifiers()));
          }
        }
      }
      return new Client(Optional.ofNullable(id), list, Optional.ofNullable(lastActiveSessionId));
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record SessionJson(
      @JsonProperty("id") String id,
      @JsonProperty("status") String status,
      @JsonProperty("tasks") List<TaskJson> tasks,
      @JsonProperty("user") UserJson user,
      @JsonProperty("public_user_data") PublicUserDataJson publicUserData) {

    Session toSession() {
      if (id == null || status == null) {
        throw new IllegalArgumentException("session without id or status");
      }
      String userId = user != null && user.id() != null ? user.id() : null;
      if (userId == null && publicUserData != null) {
        userId = publicUserData.userId();
      }
      if (userId == null) {
        throw new IllegalArgumentException("session without a user id");
      }
      return new Session(
          id,
          userId,
          SessionStatus.fromWireName(status),
          status,
          tasks == null
              ? List.of()
              : tasks.stream()
                  .filter(t -> t != null && t.key() != null)
                  .map(t -> new SessionTask(t.key()))
                  .toList());
    }

    /** The identifiers of the session's user: email addresses, phone numbers, username. */
    List<String> userIdentifiers() {
      if (user == null) {
        return List.of();
      }
      List<String> ids = new ArrayList<>();
      if (user.emailAddresses() != null) {
        user.emailAddresses().stream()
            .filter(e -> e != null && e.emailAddress() != null)
            .forEach(e -> ids.add(e.emailAddress()));
      }
      if (user.phoneNumbers() != null) {
        user.phoneNumbers().stream()
            .filter(p -> p != null && p.phoneNumber() != null)
            .forEach(p -> ids.add(p.phoneNumber()));
      }
      if (user.username() != null) {
        ids.add(user.username());
      }
      return ids;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record TaskJson(@JsonProperty("key") String key) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record UserJson(
      @JsonProperty("id") String id,
      @JsonProperty("username") String username,
      @JsonProperty("email_addresses") List<EmailJson> emailAddresses,
      @JsonProperty("phone_numbers") List<PhoneJson> phoneNumbers) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record EmailJson(@JsonProperty("email_address") String emailAddress) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PhoneJson(@JsonProperty("phone_number") String phoneNumber) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PublicUserDataJson(@JsonProperty("user_id") String userId) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ErrorJson(
      @JsonProperty("code") String code,
      @JsonProperty("message") String message,
      @JsonProperty("long_message") String longMessage,
      @JsonProperty("meta") JsonNode meta) {

    ClerkError toError(Optional<String> traceId) {
      Map<String, String> flat = new LinkedHashMap<>();
      if (meta != null && meta.isObject()) {
        meta.fields()
            .forEachRemaining(
                e ->
                    flat.put(
                        e.getKey(),
                        e.getValue().isTextual()
                            ? e.getValue().asText()
                            : e.getValue().toString()));
      }
      return new ClerkError(
          code,
          message == null ? code : message,
          longMessage == null ? (message == null ? code : message) : longMessage,
          flat,
          traceId);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ErrorsJson(
      @JsonProperty("errors") List<ErrorJson> errors,
      @JsonProperty("clerk_trace_id") String clerkTraceId) {}
}
