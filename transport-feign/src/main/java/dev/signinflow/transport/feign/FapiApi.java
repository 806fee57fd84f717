package dev.signinflow.transport.feign;

import dev.signinflow.engine.Session;
import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.VerificationCode;
import feign.HeaderMap;
import feign.Param;
import feign.RequestLine;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The Frontend API operations the sign-in flow needs, as a Feign interface: one method per
 * operation, the form fields as {@link Param}s (null ones are left out; {@link FormEncoder} writes
 * the rest as {@code application/x-www-form-urlencoded}), and the call's own headers as a {@link
 * HeaderMap}: {@code Authorization: Bearer <client token>}, absent on a device's first contact
 * (then {@link FapiTarget} sends it empty), and what the end user's request context gives ({@code
 * User-Agent}; in proxy mode {@code X-Forwarded-For}). Every method answers the value with the
 * client token of the response ({@link FapiDecoder}); every other answer is thrown as {@link
 * FapiFailure} or {@link FapiRateLimit} ({@link FapiErrorDecoder}).
 *
 * <p>What every request carries — native mode and the API version pin in the query, the form
 * content type of a POST — is added by {@link FapiTarget} to the request Feign resolved, rather
 * than expanded as templates on every request. Path ids arrive percent-encoded ({@link
 * #segment(String)}), and {@code decodeSlash = false} keeps an encoded {@code /} ({@code %2F})
 * encoded: Feign's default turns it back into {@code /}, so an id could add path segments.
 */
interface FapiApi {
  /** Native mode and the API version pin: the query of every request ({@link FapiTarget}). */
  String NATIVE = "?_is_native=true&__clerk_api_version=" + FeignSignInGateway.API_VERSION;

  @RequestLine(value = "POST /v1/client/sign_ins", decodeSlash = false)
  Answer<SignIn> createSignIn(
      @HeaderMap Map<String, String> headers,
      @Param("strategy") String strategy,
      @Param("identifier") String identifier,
      @Param("password") Password password,
      @Param("locale") String locale);

  @RequestLine(value = "GET /v1/client/sign_ins/{id}", decodeSlash = false)
  Answer<SignIn> getSignIn(
      @HeaderMap Map<String, String> headers, @Param(value = "id", encoded = true) String id);

  @RequestLine(value = "POST /v1/client/sign_ins/{id}/prepare_second_factor", decodeSlash = false)
  Answer<SignIn> prepareSecondFactor(
      @HeaderMap Map<String, String> headers,
      @Param(value = "id", encoded = true) String id,
      @Param("strategy") String strategy,
      @Param("email_address_id") String emailAddressId,
      @Param("phone_number_id") String phoneNumberId,
      @Param("redirect_url") String redirectUrl);

  @RequestLine(value = "POST /v1/client/sign_ins/{id}/attempt_second_factor", decodeSlash = false)
  Answer<SignIn> attemptSecondFactor(
      @HeaderMap Map<String, String> headers,
      @Param(value = "id", encoded = true) String id,
      @Param("strategy") String strategy,
      @Param("code") VerificationCode code);

  @RequestLine(value = "POST /v1/client/sessions/{id}/touch", decodeSlash = false)
  Answer<Session> touchSession(
      @HeaderMap Map<String, String> headers,
      @Param(value = "id", encoded = true) String id,
      @Param("active_organization_id") String activeOrganizationId,
      @Param("intent") String intent);

  @RequestLine(value = "GET /v1/client", decodeSlash = false)
  Answer<Client> getClient(@HeaderMap Map<String, String> headers);

  /** {@code organization_id} null: not sent, the session's last active organization stays. */
  @RequestLine(value = "POST /v1/client/sessions/{id}/tokens", decodeSlash = false)
  Answer<SessionToken> createSessionToken(
      @HeaderMap Map<String, String> headers,
      @Param(value = "id", encoded = true) String id,
      @Param("organization_id") String organizationId);

  @RequestLine(value = "POST /v1/client/sessions/{id}/end", decodeSlash = false)
  Answer<Session> endSession(
      @HeaderMap Map<String, String> headers, @Param(value = "id", encoded = true) String id);

  @RequestLine(value = "POST /v1/client/sessions/{id}/remove", decodeSlash = false)
  Answer<Session> removeSession(
      @HeaderMap Map<String, String> headers, @Param(value = "id", encoded = true) String id);

  /**
   * A real {@code DELETE}, as Clerk's native SDKs send it (clerk-js, in a browser, sends {@code
   * POST ?_method=DELETE} instead).
   */
  @RequestLine(value = "DELETE /v1/client/sessions", decodeSlash = false)
  Answer<Client> removeAllSessions(@HeaderMap Map<String, String> headers);

  /** An id as one path segment, percent-encoded as UTF-8 (a sign-in or session id). */
  static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
