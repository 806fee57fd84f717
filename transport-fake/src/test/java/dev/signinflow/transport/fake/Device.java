package dev.signinflow.transport.fake;

import dev.signinflow.transport.fake.Views.ClientView;
import dev.signinflow.transport.fake.Views.SessionView;
import dev.signinflow.transport.fake.Views.SignInView;
import dev.signinflow.transport.fake.Views.TokenView;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A device talking to a {@link FakeClerk} the way a native SDK does: it sends the client token it
 * holds (none on first contact) and keeps the token of every answer, errors included. Calls go
 * straight to the fake's operations; no engine, no gateway.
 */
final class Device {
  static final String DEFAULT_IP = "203.0.113.7";

  private final FakeClerk fake;
  private final String ip;
  private Optional<String> token;

  private Device(FakeClerk fake, String ip, Optional<String> token) {
    this.fake = fake;
    this.ip = ip;
    this.token = token;
  }

  /** A device that has never talked to the fake, calling from {@link #DEFAULT_IP}. */
  static Device fresh(FakeClerk fake) {
    return new Device(fake, DEFAULT_IP, Optional.empty());
  }

  /** A device that has never talked to the fake, calling from this address. */
  static Device fresh(FakeClerk fake, String ip) {
    return new Device(fake, ip, Optional.empty());
  }

  /** A device that sends this token (which the fake may or may not know). */
  static Device holding(FakeClerk fake, String token) {
    return new Device(fake, DEFAULT_IP, Optional.of(token));
  }

  Optional<String> clientToken() {
    return token;
  }

  FapiRequest request() {
    return FapiRequest.of(token, ip);
  }

  FapiResponse signIn(String identifier, String password) {
    return keep(fake.createSignIn(request(), identifier, password));
  }

  FapiResponse get(String signInId) {
    return keep(fake.getSignIn(request(), signInId));
  }

  FapiResponse prepare(String signInId, String strategy) {
    return keep(
        fake.prepareSecondFactor(
            request(), signInId, strategy, Optional.empty(), Optional.empty()));
  }

  FapiResponse prepareLink(String signInId, Optional<String> redirectUrl) {
    return keep(
        fake.prepareSecondFactor(request(), signInId, "email_link", Optional.empty(), redirectUrl));
  }

  FapiResponse attempt(String signInId, String strategy, String code) {
    return keep(fake.attemptSecondFactor(request(), signInId, strategy, code));
  }

  FapiResponse client() {
    return keep(fake.getClient(request()));
  }

  FapiResponse touch(String sessionId) {
    return keep(fake.touchSession(request(), sessionId));
  }

  FapiResponse sessionToken(String sessionId) {
    return keep(fake.createSessionToken(request(), sessionId));
  }

  FapiResponse remove(String sessionId) {
    return keep(fake.removeSession(request(), sessionId));
  }

  FapiResponse removeAll() {
    return keep(fake.removeSessions(request()));
  }

  FapiResponse end(String sessionId) {
    return keep(fake.endSession(request(), sessionId));
  }

  private FapiResponse keep(FapiResponse r) {
    r.clientToken().ifPresent(t -> token = Optional.of(t));
    return r;
  }

  // ---- reading answers ------------------------------------------------------------------------

  static SignInView signIn(FapiResponse r) {
    return (SignInView) r.body().orElseThrow(() -> new AssertionError("no body: " + r));
  }

  static SessionView session(FapiResponse r) {
    return (SessionView) r.body().orElseThrow(() -> new AssertionError("no body: " + r));
  }

  static ClientView clientOf(FapiResponse r) {
    return r.client().orElseThrow(() -> new AssertionError("no client: " + r));
  }

  static String jwt(FapiResponse r) {
    return ((TokenView) r.body().orElseThrow(() -> new AssertionError("no body: " + r))).jwt();
  }

  static FapiError firstError(FapiResponse r) {
    if (r.errors().isEmpty()) {
      throw new AssertionError("no errors: " + r);
    }
    return r.errors().get(0);
  }

  /** The JSON payload (the middle part) of a JWT, decoded. */
  static String jwtPayload(String jwt) {
    String[] parts = jwt.split("\\.");
    return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
  }
}
