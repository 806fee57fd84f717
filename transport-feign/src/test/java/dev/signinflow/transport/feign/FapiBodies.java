package dev.signinflow.transport.feign;

/**
 * FAPI response bodies for {@link ScriptedFapiServer}, written by hand in Clerk's wire format
 * (fapi-protocol.md §1.5, §3, §4, §8), so the transport reads JSON it did not write.
 */
final class FapiBodies {
  static final String CLIENT =
      "{\"object\":\"client\",\"id\":\"client_1\",\"sessions\":[],\"sign_in\":null,"
          + "\"sign_up\":null,\"last_active_session_id\":null,\"created_at\":1767139200000,"
          + "\"updated_at\":1767139260000}";

  private FapiBodies() {}

  /** A sign-in waiting for Client Trust by email code, in its envelope. */
  static String needsClientTrust(String signInId) {
    return envelope(
        signInJson(
            signInId,
            "needs_client_trust",
            "[{\"strategy\":\"email_code\",\"email_address_id\":\"idn_1\","
                + "\"safe_identifier\":\"a***@example.com\",\"primary\":true}]",
            "null",
            "null"));
  }

  /** A sign-in waiting for Client Trust after a code was sent. */
  static String codeSent(String signInId) {
    return envelope(
        signInJson(
            signInId,
            "needs_client_trust",
            "[{\"strategy\":\"email_code\",\"email_address_id\":\"idn_1\","
                + "\"safe_identifier\":\"a***@example.com\",\"primary\":true}]",
            "{\"object\":\"verification_otp\",\"status\":\"unverified\","
                + "\"strategy\":\"email_code\",\"attempts\":0,\"expire_at\":1767226200000}",
            "null"));
  }

  /** A completed sign-in that created this session. */
  static String complete(String signInId, String sessionId) {
    return envelope(
        signInJson(
            signInId,
            "complete",
            "[]",
            "{\"object\":\"verification_otp\",\"status\":\"verified\","
                + "\"strategy\":\"email_code\",\"attempts\":1,\"expire_at\":1767226200000}",
            "\"" + sessionId + "\""));
  }

  /** A sign-in with this status and these raw {@code supported_second_factors}. */
  static String signIn(String signInId, String status, String factorsJson) {
    return envelope(signInJson(signInId, status, factorsJson, "null", "null"));
  }

  /** The sign-in object alone, as {@code response} holds it. */
  static String signInJson(
      String id, String status, String factorsJson, String verificationJson, String sessionId) {
    return "{\"object\":\"sign_in_attempt\",\"id\":\""
        + id
        + "\",\"status\":\""
        + status
        + "\",\"client_trust_state\":\"new\",\"supported_identifiers\":[\"email_address\"],"
        + "\"identifier\":\"ada@example.com\",\"supported_first_factors\":[{\"strategy\":"
        + "\"password\"}],\"supported_second_factors\":"
        + factorsJson
        + ",\"first_factor_verification\":{\"object\":\"verification_password\",\"status\":"
        + "\"verified\",\"strategy\":\"password\",\"attempts\":1,\"expire_at\":null},"
        + "\"second_factor_verification\":"
        + verificationJson
        + ",\"created_session_id\":"
        + sessionId
        + ",\"abandon_at\":1767225600000}";
  }

  /** An active session whose last token is this session JWT, in its envelope. */
  static String session(String sessionId, String status, String tasksJson, String sessionJwt) {
    return envelope(sessionJson(sessionId, status, tasksJson, sessionJwt, USER));
  }

  /** Ada as a session's {@code user}: id, username, an email address and a phone number. */
  static final String USER =
      "{\"id\":\"user_1\",\"object\":\"user\",\"username\":\"ada\",\"first_name\":\"Ada\","
          + "\"email_addresses\":[{\"id\":\"idn_1\",\"object\":\"email_address\","
          + "\"email_address\":\"ada@example.com\"}],\"phone_numbers\":[{\"id\":\"idn_2\","
          + "\"object\":\"phone_number\",\"phone_number\":\"+14155552671\"}]}";

  /** The session object alone, with this raw {@code user} (or {@code null}). */
  static String sessionJson(
      String sessionId, String status, String tasksJson, String sessionJwt, String userJson) {
    return "{\"object\":\"session\",\"id\":\""
        + sessionId
        + "\",\"status\":\""
        + status
        + "\",\"tasks\":"
        + tasksJson
        + ",\"last_active_token\":{\"object\":\"token\",\"jwt\":\""
        + sessionJwt
        + "\"},\"user\":"
        + userJson
        + ",\"public_user_data\":{\"first_name\":\"Ada\",\"identifier\":\"ada@example.com\","
        + "\"user_id\":\"user_1\"},\"expire_at\":1767744000000}";
  }

  /** {@code GET /v1/client}'s answer: the client with these raw sessions, not wrapped again. */
  static String client(String sessionsJson, String lastActiveSessionId) {
    return "{\"response\":{\"object\":\"client\",\"id\":\"client_1\",\"sessions\":"
        + sessionsJson
        + ",\"sign_in\":null,\"sign_up\":null,\"last_active_session_id\":"
        + (lastActiveSessionId == null ? "null" : "\"" + lastActiveSessionId + "\"")
        + ",\"created_at\":1767139200000,\"updated_at\":1767139260000},\"client\":null}";
  }

  /**
   * A session JWT in compact form with these {@code exp} (Unix seconds) and {@code sid} claims,
   * unsigned (the transport never checks a signature).
   */
  static String jwt(long exp, String sid) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(
            "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(
            ("{\"sub\":\"user_1\",\"sid\":\"" + sid + "\",\"exp\":" + exp + "}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + ".c2lnbmF0dXJl";
  }

  /** {@code POST /v1/client/sessions/{id}/tokens}'s bare answer. */
  static String token(String jwt) {
    return "{\"object\":\"token\",\"jwt\":\"" + jwt + "\"}";
  }

  /** {@code {"response": ..., "client": ...}}. */
  static String envelope(String response) {
    return "{\"response\":" + response + ",\"client\":" + CLIENT + "}";
  }

  /** Clerk's error body with one error. */
  static String error(String code, String longMessage, String paramName) {
    return "{\"errors\":[{\"code\":\""
        + code
        + "\",\"message\":\"is incorrect\",\"long_message\":\""
        + longMessage
        + "\",\"meta\":"
        + (paramName == null ? "{}" : "{\"param_name\":\"" + paramName + "\"}")
        + "}],\"meta\":{},\"clerk_trace_id\":\"trace_123\"}";
  }
}
