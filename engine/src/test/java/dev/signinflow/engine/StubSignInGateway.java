package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.VerificationCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link SignInGateway} that answers what a test scripted, in order, per operation, and records
 * every call. An operation with nothing scripted fails the test with an {@link AssertionError}, so
 * an unexpected gateway call cannot pass unnoticed.
 *
 * <p>Thread-safe (all methods synchronized); meant for unit tests of the engine, not as a Clerk
 * simulation (that is {@code FakeClerk}).
 */
public final class StubSignInGateway implements SignInGateway {

  /** The port's operations. */
  public enum Operation {
    CREATE,
    PREPARE,
    ATTEMPT,
    GET,
    ACTIVATE
  }

  /**
   * One call as the stub saw it. Holds the code in clear because tests assert on it; never use this
   * type outside tests.
   *
   * @param operation which method
   * @param clientToken the token the engine sent
   * @param signInId the sign-in id, empty for create
   * @param identifier the identifier, for create
   * @param strategy the strategy, for prepare and attempt
   * @param code the code, for attempt
   * @param redirectUrl the redirect URL, for prepare
   */
  public record RecordedCall(
      Operation operation,
      Optional<ClientToken> clientToken,
      Optional<String> signInId,
      Optional<Identifier> identifier,
      Optional<Strategy> strategy,
      Optional<String> code,
      Optional<String> redirectUrl) {}

  private final Map<Operation, Deque<GatewayResult<?>>> scripts = new EnumMap<>(Operation.class);
  private final List<RecordedCall> calls = new ArrayList<>();

  /** Scripts the next answers to {@link #createSignIn}. */
  @SafeVarargs
  public final synchronized StubSignInGateway onCreate(GatewayResult<SignIn>... answers) {
    return script(Operation.CREATE, answers);
  }

  /** Scripts the next answers to {@link #prepareSecondFactor}. */
  @SafeVarargs
  public final synchronized StubSignInGateway onPrepare(GatewayResult<SignIn>... answers) {
    return script(Operation.PREPARE, answers);
  }

  /** Scripts the next answers to {@link #attemptSecondFactor}. */
  @SafeVarargs
  public final synchronized StubSignInGateway onAttempt(GatewayResult<SignIn>... answers) {
    return script(Operation.ATTEMPT, answers);
  }

  /** Scripts the next answers to {@link #getSignIn}. */
  @SafeVarargs
  public final synchronized StubSignInGateway onGet(GatewayResult<SignIn>... answers) {
    return script(Operation.GET, answers);
  }

  /** Scripts the next answers to {@link #activateSession}. */
  @SafeVarargs
  public final synchronized StubSignInGateway onActivate(GatewayResult<Session>... answers) {
    return script(Operation.ACTIVATE, answers);
  }

  /** Every call so far, in order. */
  public synchronized List<RecordedCall> calls() {
    return List.copyOf(calls);
  }

  /** The operations called so far, in order. */
  public synchronized List<Operation> operations() {
    return calls.stream().map(RecordedCall::operation).toList();
  }

  /** Forgets the recorded calls (scripts stay). */
  public synchronized void clearCalls() {
    calls.clear();
  }

  /** True when every scripted answer was used. */
  public synchronized boolean exhausted() {
    return scripts.values().stream().allMatch(Deque::isEmpty);
  }

  @Override
  public synchronized GatewayResult<SignIn> createSignIn(
      Optional<ClientToken> clientToken, Identifier identifier, Password password) {
    requireNonNull(password, "password");
    calls.add(
        new RecordedCall(
            Operation.CREATE,
            clientToken,
            Optional.empty(),
            Optional.of(identifier),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    return next(Operation.CREATE);
  }

  @Override
  public synchronized GatewayResult<SignIn> prepareSecondFactor(
      Optional<ClientToken> clientToken,
      String signInId,
      Factor factor,
      Optional<String> redirectUrl) {
    calls.add(
        new RecordedCall(
            Operation.PREPARE,
            clientToken,
            Optional.of(signInId),
            Optional.empty(),
            Optional.of(factor.strategy()),
            Optional.empty(),
            redirectUrl));
    return next(Operation.PREPARE);
  }

  @Override
  public synchronized GatewayResult<SignIn> attemptSecondFactor(
      Optional<ClientToken> clientToken,
      String signInId,
      Strategy strategy,
      VerificationCode code) {
    calls.add(
        new RecordedCall(
            Operation.ATTEMPT,
            clientToken,
            Optional.of(signInId),
            Optional.empty(),
            Optional.of(strategy),
            Optional.of(code.reveal()),
            Optional.empty()));
    return next(Operation.ATTEMPT);
  }

  @Override
  public synchronized GatewayResult<SignIn> getSignIn(
      Optional<ClientToken> clientToken, String signInId) {
    calls.add(
        new RecordedCall(
            Operation.GET,
            clientToken,
            Optional.of(signInId),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    return next(Operation.GET);
  }

  @Override
  public synchronized GatewayResult<Session> activateSession(
      Optional<ClientToken> clientToken, String sessionId) {
    calls.add(
        new RecordedCall(
            Operation.ACTIVATE,
            clientToken,
            Optional.of(sessionId),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    return next(Operation.ACTIVATE);
  }

  private StubSignInGateway script(Operation op, GatewayResult<?>[] answers) {
    Deque<GatewayResult<?>> q = scripts.computeIfAbsent(op, k -> new ArrayDeque<>());
    for (GatewayResult<?> a : answers) {
      q.add(requireNonNull(a, "answer"));
    }
    return this;
  }

  @SuppressWarnings("unchecked")
  private <T> GatewayResult<T> next(Operation op) {
    Deque<GatewayResult<?>> q = scripts.get(op);
    if (q == null || q.isEmpty()) {
      throw new AssertionError("unexpected gateway call: " + op + " (nothing scripted)");
    }
    return (GatewayResult<T>) q.poll();
  }
}
