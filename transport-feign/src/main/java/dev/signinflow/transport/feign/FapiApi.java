package dev.signinflow.transport.feign;

import feign.Headers;
import feign.Param;
import feign.RequestLine;
import feign.Response;

/**
 * The Frontend API operations the sign-in flow needs, as Feign declares them. Every method returns
 * the raw {@link Response} so the gateway reads the status, the {@code Authorization} header and
 * the body itself, for errors too. Native mode and the API version pin, the same query on every
 * path, are added by {@link FapiTarget} rather than expanded as a template on every request. {@code
 * authorization} is {@code Bearer <token>}, or empty on a device's first contact (Feign drops an
 * empty header; {@link FeignSignInGateway} puts it back). Path ids arrive already percent-encoded,
 * and {@code decodeSlash = false} keeps an encoded {@code /} ({@code %2F}) encoded: Feign's default
 * turns it back into {@code /}, so an id could add path segments.
 */
interface FapiApi {
  /** Native mode and the API version pin: the query of every request ({@link FapiTarget}). */
  String NATIVE = "?_is_native=true&__clerk_api_version=" + FeignSignInGateway.API_VERSION;

  @RequestLine(value = "POST /v1/client/sign_ins", decodeSlash = false)
  @Headers({"Content-Type: application/x-www-form-urlencoded", "Authorization: {authorization}"})
  Response createSignIn(@Param("authorization") String authorization, String form);

  @RequestLine(value = "GET /v1/client/sign_ins/{id}", decodeSlash = false)
  @Headers("Authorization: {authorization}")
  Response getSignIn(
      @Param("authorization") String authorization, @Param(value = "id", encoded = true) String id);

  @RequestLine(value = "POST /v1/client/sign_ins/{id}/prepare_second_factor", decodeSlash = false)
  @Headers({"Content-Type: application/x-www-form-urlencoded", "Authorization: {authorization}"})
  Response prepareSecondFactor(
      @Param("authorization") String authorization,
      @Param(value = "id", encoded = true) String id,
      String form);

  @RequestLine(value = "POST /v1/client/sign_ins/{id}/attempt_second_factor", decodeSlash = false)
  @Headers({"Content-Type: application/x-www-form-urlencoded", "Authorization: {authorization}"})
  Response attemptSecondFactor(
      @Param("authorization") String authorization,
      @Param(value = "id", encoded = true) String id,
      String form);

  @RequestLine(value = "POST /v1/client/sessions/{id}/touch", decodeSlash = false)
  @Headers({"Content-Type: application/x-www-form-urlencoded", "Authorization: {authorization}"})
  Response touchSession(
      @Param("authorization") String authorization,
      @Param(value = "id", encoded = true) String id,
      String form);
}
