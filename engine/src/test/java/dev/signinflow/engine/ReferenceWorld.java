package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.VerificationCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The {@link ContractWorld} of a {@link ReferenceGateway}: provisions its users, reads its outbox
 * and computes TOTP codes from the secrets it handed out. One per test; not thread-safe.
 */
final class ReferenceWorld implements ContractWorld {
  /** When every reference run starts; the clock does not move unless a test moves it. */
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  private final ReferenceGateway server;
  private final Random random;
  private final Map<Identifier, byte[]> totpSecrets = new HashMap<>();
  private int users;

  ReferenceWorld(ReferenceGateway server, Random random) {
    this.server = requireNonNull(server, "server");
    this.random = requireNonNull(random, "random");
  }

  /** A fresh server with these settings at {@link #START}, and its world; fixed seeds. */
  static ReferenceWorld fresh(ReferenceGateway.Settings settings) {
    return fresh(settings, Clock.fixed(START, ZoneOffset.UTC));
  }

  /** A fresh server with these settings on this clock, and its world; fixed seeds. */
  static ReferenceWorld fresh(ReferenceGateway.Settings settings, Clock clock) {
    return new ReferenceWorld(
        new ReferenceGateway(clock, new Random(0x5eed_c0deL), settings), new Random(42L));
  }

  /** The server, which is also the gateway under test. */
  ReferenceGateway server() {
    return server;
  }

  @Override
  public User newUserWithVerifiedEmail() {
    return newUser(Optional.empty());
  }

  @Override
  public User newUserWithTotp() {
    byte[] secret = new byte[20];
    random.nextBytes(secret);
    return newUser(Optional.of(secret));
  }

  private User newUser(Optional<byte[]> totpSecret) {
    users++;
    Identifier identifier = Identifier.parse("user" + users + "@example.com");
    String password = "reference password " + users + " " + random.nextInt(1_000_000);
    server.addUser(identifier.value(), password, totpSecret);
    totpSecret.ifPresent(s -> totpSecrets.put(identifier, s));
    return new User(identifier, Password.of(password));
  }

  @Override
  public VerificationCode currentTotp(User user) {
    byte[] secret = totpSecrets.get(user.identifier());
    if (secret == null) {
      throw new IllegalArgumentException("not a TOTP user: " + user.identifier());
    }
    return VerificationCode.of(Totp.at(secret, now()));
  }

  @Override
  public Optional<VerificationCode> lastCodeSentTo(Identifier identifier) {
    return server.lastCodeSentTo(identifier.value()).map(VerificationCode::of);
  }

  @Override
  public Instant now() {
    return server.now();
  }

  @Override
  public boolean legacyClientTrustShape() {
    return server.settings().legacyClientTrustShape();
  }

  @Override
  public List<SessionTask> sessionTasks() {
    return server.settings().sessionTasks();
  }

  @Override
  public boolean singleSessionMode() {
    return server.settings().singleSessionMode();
  }

  @Override
  public boolean failNextRequest() {
    server.failNextRequest();
    return true;
  }
}
