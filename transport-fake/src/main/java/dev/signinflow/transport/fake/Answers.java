package dev.signinflow.transport.fake;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The fake's answers before the client token is set: a success with the caller's client alongside
 * (the envelope's {@code client}) or bare, Clerk's errors with a fresh trace id, a 429 with its
 * {@code Retry-After}, and a dropped connection.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class Answers {
  private final RandomValues random;
  private final RecordViews views;

  Answers(RandomValues random, RecordViews views) {
    this.random = random;
    this.views = views;
  }

  /** 200 with this body (or none) and the client, when there is one, alongside. */
  FapiResponse ok(Views.Body body, ClientRecord client) {
    return plain(200, Optional.ofNullable(body), Optional.ofNullable(client).map(views::client));
  }

  /** 200 with this body and nothing alongside. */
  FapiResponse bare(Views.Body body) {
    return plain(200, Optional.of(body), Optional.empty());
  }

  FapiResponse error(int status, FapiError... errors) {
    return error(status, List.of(errors));
  }

  FapiResponse error(int status, List<FapiError> errors) {
    return failure(status, errors, Optional.empty());
  }

  /** 429 with this error and {@code Retry-After} the wait in whole seconds. */
  FapiResponse rateLimited(FapiError error, Duration wait) {
    return failure(429, List.of(error), Optional.of(Duration.ofSeconds(seconds(wait))));
  }

  /** 429 {@code too_many_requests}, its {@code meta.ResetsIn} the wait in whole seconds. */
  FapiResponse tooManyRequests(Duration wait) {
    return rateLimited(ClerkErrors.tooManyRequests(seconds(wait)), wait);
  }

  /** No answer at all: the connection dropped. */
  static FapiResponse dropped() {
    return plain(0, Optional.empty(), Optional.empty());
  }

  /** An answer without errors; the client token and latency are set later. */
  private static FapiResponse plain(
      int status, Optional<Views.Body> body, Optional<Views.ClientView> client) {
    return new FapiResponse(
        status, body, client, List.of(), "", Optional.empty(), Optional.empty(), Duration.ZERO);
  }

  /** Clerk's errors with a fresh trace id, and no body. */
  private FapiResponse failure(int status, List<FapiError> errors, Optional<Duration> retryAfter) {
    return new FapiResponse(
        status,
        Optional.empty(),
        Optional.empty(),
        errors,
        random.traceId(),
        retryAfter,
        Optional.empty(),
        Duration.ZERO);
  }

  /** Whole seconds, rounded up, at least 1: what {@code Retry-After} says. */
  private static long seconds(Duration d) {
    long s = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
    return Math.max(1, s);
  }
}
