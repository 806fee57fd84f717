package dev.signinflow.transport.fake;

import dev.signinflow.engine.ContractWorld;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.SessionTask;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.VerificationCode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contract's world on a {@link FakeClerk}: users are added to it, codes read from its outbox.
 */
public final class FakeWorld implements ContractWorld {
  private static final String PASSWORD = "correct horse battery staple";

  private final FakeClerk fake;
  private final Map<Identifier, String> totpSecrets = new HashMap<>();
  private int users;

  public FakeWorld(FakeClerk fake) {
    this.fake = fake;
  }

  @Override
  public User newUserWithVerifiedEmail() {
    String email = "user" + (++users) + "@example.com";
    fake.addUser(FakeUser.withEmail(email).password(PASSWORD));
    return new User(Identifier.parse(email), Password.of(PASSWORD));
  }

  @Override
  public User newUserWithTotp() {
    String email = "totp" + (++users) + "@example.com";
    String secret = "JBSWY3DPEHPK3PXP" + "ABCDEFGH".substring(0, users % 8);
    fake.addUser(FakeUser.withEmail(email).password(PASSWORD).totp(secret));
    totpSecrets.put(Identifier.parse(email), secret);
    return new User(Identifier.parse(email), Password.of(PASSWORD));
  }

  @Override
  public VerificationCode currentTotp(User user) {
    return VerificationCode.of(
        Totp.code(totpSecrets.get(user.identifier()), fake.clock().instant()));
  }

  @Override
  public Optional<VerificationCode> lastCodeSentTo(Identifier identifier) {
    return fake.lastCodeSentTo(identifier.value()).map(VerificationCode::of);
  }

  @Override
  public Instant now() {
    return fake.clock().instant();
  }

  @Override
  public boolean legacyClientTrustShape() {
    return fake.settings().legacyClientTrustShape();
  }

  @Override
  public List<SessionTask> sessionTasks() {
    return fake.settings().sessionTasks().stream().map(SessionTask::new).toList();
  }

  @Override
  public boolean singleSessionMode() {
    return fake.settings().singleSessionMode();
  }

  @Override
  public boolean failNextRequest() {
    for (FapiOperation op : FapiOperation.values()) {
      fake.injectFault(op, Fault.serverError(503), FaultTrigger.once());
    }
    return true;
  }
}
