package dev.signinflow.transport.feign;

import feign.Param;
import feign.RequestLine;
import feign.Response;

/**
 * The Frontend API operations the sign-in flow needs, as Feign declares them. Every method returns
 * the raw {@link Response} so the gateway reads the status, the {@code Authorization} header and
 * the body itself, for errors too. What every request carries — native mode and the API version pin
 * in the query, the form content type of a POST, the {@code Authorization} header — is added by
 * {@link FapiTarget} to the request Feign resolved, rather than expanded as templates on every
 * request. Path ids arrive already percent-encoded, and {@code decodeSlash = false} keeps an
 * encoded {@code /} ({@code %2F}) encoded: Feign's default turns it back into {@code /}, so an id
 * could add path segments.
 */
interface FapiApi {
  /** Native mode and the API version pin: the query of every request ({@link FapiTarget}). */
  String NATIVE = "?_is_native=true&__clerk_api_version=" + FeignSignInGateway.API_VERSION;

  @RequestLine(value = "POST /v1/client/sign_ins", decodeSlash = false)
  Response createSignIn(String form);

  @RequestLine(value = "GET /v1/client/sign_ins/{id}", decodeSlash = false)
  Response getSignIn(@Param(value = "id", encoded = true) String id);

  @RequestLine(value = "POST /v1/client/sign_ins/{id}/prepare_second_factor", decodeSlash = false)
  Response prepareSecondFactor(@Param(value = "id", encoded = true) String id, String form);

  @RequestLine(value = "POST /v1/client/sign_ins/{id}/attempt_second_factor", decodeSlash = false)
  Response attemptSecondFactor(@Param(value = "id", encoded = true) String id, String form);

  @RequestLine(value = "POST /v1/client/sessions/{id}/touch", decodeSlash = false)
  Response touchSession(@Param(value = "id", encoded = true) String id, String form);
}
