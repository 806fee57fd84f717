package dev.signinflow.engine.spi;

/**
 * Which {@link GatewayResult} an HTTP answer of Clerk's Frontend API becomes, by its status: the
 * one rule every adapter follows, so the fake and the HTTP transport agree on odd statuses too.
 *
 * <table>
 *   <caption>Status to result</caption>
 *   <tr><th>status</th><th>result</th></tr>
 *   <tr><td>2xx</td><td>{@link #SUCCESS}</td></tr>
 *   <tr><td>429</td><td>{@link #RATE_LIMITED}, with or without Clerk's errors</td></tr>
 *   <tr><td>other 4xx with Clerk's errors</td><td>{@link #REJECTED}</td></tr>
 *   <tr><td>4xx without Clerk's errors, 5xx, 1xx, 3xx, anything else</td>
 *       <td>{@link #UNAVAILABLE}</td></tr>
 * </table>
 */
public enum ResponseKind {
  /** {@link GatewayResult.Success}: the body is the value. */
  SUCCESS,
  /** {@link GatewayResult.Rejected}: Clerk refused with errors the user can act on. */
  REJECTED,
  /** {@link GatewayResult.RateLimited}: try again after {@code Retry-After}. */
  RATE_LIMITED,
  /** {@link GatewayResult.Unavailable}: no answer a flow can use. */
  UNAVAILABLE;

  /**
   * The kind of an answer with this status.
   *
   * @param httpStatus the HTTP status code
   * @param hasClerkErrors whether the body held Clerk's {@code errors} (at least one)
   */
  public static ResponseKind of(int httpStatus, boolean hasClerkErrors) {
    if (httpStatus >= 200 && httpStatus < 300) {
      return SUCCESS;
    }
    if (httpStatus == 429) {
      return RATE_LIMITED;
    }
    if (httpStatus >= 400 && httpStatus < 500 && hasClerkErrors) {
      return REJECTED;
    }
    return UNAVAILABLE;
  }
}
