package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.internal.EventRunner;
import dev.signinflow.engine.internal.FlowData;
import dev.signinflow.engine.internal.Input;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Function;

/**
 * One user's sign-in on one device, from password to session. Each method sends one {@link
 * SignInEvent} through the machine and returns what it did; expected failures (wrong password,
 * wrong code, rate limits, network trouble) are values in the {@link StepResult}, never exceptions.
 *
 * <p>Each event has a form taking the end user's {@link RequestContext}, which the gateway forwards
 * and nothing keeps; the forms without one send {@link RequestContext#none()}.
 *
 * <p>Thread-safe. Events are not queued: an event sent while another one of the same flow is in
 * flight returns {@link StepResult.Busy} at once. A flow holds no machine while idle, only a few
 * hundred bytes of data, so a service may keep many; or it may keep a {@link #snapshot()} instead
 * and {@link SignInEngine#resume(FlowSnapshot) resume} it on the next request. A service on several
 * nodes keeps its flows in a flow store instead ({@link SignInEngine#startFlow}): each event then
 * leases the stored flow, runs, and saves it, and an event on a flow another node is running gets
 * {@link StepResult.Busy} too.
 */
public final class SignInFlow {
  private final EventRunner runner;
  private final Holder holder;

  SignInFlow(EventRunner runner, FlowData data) {
    this.runner = runner;
    this.holder = new InMemory(data);
  }

  SignInFlow(EventRunner runner, StoredFlowHolder holder) {
    this.runner = runner;
    this.holder = holder;
  }

  /**
   * Signs in with an identifier (email address, phone number in E.164 form, or username) and a
   * password. Allowed in {@link SignInState#IDENTIFYING}; a blank or malformed input is a field
   * error and sends nothing. On a new device, or for a user with MFA, the first code is sent.
   */
  public StepResult submitPassword(String identifier, String password) {
    return submitPassword(RequestContext.none(), identifier, password);
  }

  /**
   * {@link #submitPassword(String, String)} for the end user's request: the gateway forwards the
   * context (their address in proxy mode, user agent, locale for the code's message).
   */
  public StepResult submitPassword(RequestContext context, String identifier, String password) {
    requireNonNull(context, "context");
    requireNonNull(identifier, "identifier");
    requireNonNull(password, "password");
    return send(
        SignInEvent.SUBMIT_PASSWORD, d -> Input.submitPassword(d, context, identifier, password));
  }

  /**
   * Sends the current factor's code or link again. Refused without a server call within the
   * cooldown, past the maximum sends, or for a factor that is not sent ({@link
   * FlowView#resendAvailableAt()} tells when).
   */
  public StepResult resendCode() {
    return resendCode(RequestContext.none());
  }

  /** {@link #resendCode()} for the end user's request. */
  public StepResult resendCode(RequestContext context) {
    return plain(SignInEvent.RESEND_CODE, context);
  }

  /** Verifies the current factor with a code as the user typed it (spaces and dashes ignored). */
  public StepResult verifyCode(String code) {
    return verifyCode(RequestContext.none(), code);
  }

  /** {@link #verifyCode(String)} for the end user's request. */
  public StepResult verifyCode(RequestContext context, String code) {
    requireNonNull(context, "context");
    requireNonNull(code, "code");
    return send(SignInEvent.VERIFY_CODE, d -> Input.verifyCode(d, context, code));
  }

  /** Switches to another offered factor, sending its code if it has one and may be sent now. */
  public StepResult selectFactor(Strategy strategy) {
    return selectFactor(RequestContext.none(), strategy);
  }

  /** {@link #selectFactor(Strategy)} for the end user's request. */
  public StepResult selectFactor(RequestContext context, Strategy strategy) {
    requireNonNull(context, "context");
    requireNonNull(strategy, "strategy");
    return send(SignInEvent.SELECT_FACTOR, d -> Input.selectFactor(d, context, strategy));
  }

  /** Asks the server for the sign-in again, for example after an email link was clicked. */
  public StepResult refresh() {
    return refresh(RequestContext.none());
  }

  /** {@link #refresh()} for the end user's request. */
  public StepResult refresh(RequestContext context) {
    return plain(SignInEvent.REFRESH, context);
  }

  /**
   * Starts over, from any state, without a server call: the sign-in, factor and errors are
   * forgotten; the device's client token is kept, so the device stays as trusted as it was.
   */
  public StepResult reset() {
    return plain(SignInEvent.RESET, RequestContext.none());
  }

  /** Activates the created session; afterwards {@link FlowView#session()} holds it. */
  public StepResult finalizeSession() {
    return finalizeSession(RequestContext.none());
  }

  /** {@link #finalizeSession()} for the end user's request. */
  public StepResult finalizeSession(RequestContext context) {
    return plain(SignInEvent.FINALIZE, context);
  }

  /**
   * Signs the flow's session out on the server and starts over: the session is removed from the
   * device's client; the device's client token is kept, so the device stays trusted and the next
   * sign-in on it needs no code. Allowed in {@link SignInState#COMPLETE}. A session the server no
   * longer has counts as signed out; when the server cannot be reached or limits the call, the flow
   * stays complete and the result says why.
   */
  public StepResult signOut() {
    return signOut(RequestContext.none());
  }

  /** {@link #signOut()} for the end user's request. */
  public StepResult signOut(RequestContext context) {
    return plain(SignInEvent.SIGN_OUT, context);
  }

  /**
   * The flow's id in the engine's flow store, for a flow from {@link SignInEngine#startFlow} or
   * {@link SignInEngine#flow}; empty for a flow held in memory ({@link SignInEngine#newFlow}).
   */
  public Optional<FlowId> id() {
    return holder.id();
  }

  /**
   * What a UI needs to show this flow now. For a stored flow: as of this handle's last load or
   * event (no store read).
   */
  public FlowView view() {
    return runner.view(holder.data());
  }

  /** The flow's state now (for a stored flow: as of this handle's last load or event). */
  public SignInState state() {
    return holder.data().state();
  }

  /** The flow at rest, to resume later or elsewhere; holds no secret. */
  public FlowSnapshot snapshot() {
    return new FlowSnapshot(holder.data());
  }

  private StepResult plain(SignInEvent event, RequestContext context) {
    requireNonNull(context, "context");
    return send(event, d -> Input.of(event, d, context));
  }

  private StepResult send(SignInEvent event, Function<FlowData, Input> input) {
    return holder.send(runner, event, input);
  }

  @Override
  public String toString() {
    FlowData d = holder.data();
    return "SignInFlow["
        + holder.id().map(id -> id + ", ").orElse("")
        + d.device()
        + ", "
        + d.state()
        + "]";
  }

  /** Where a flow's data lives between events, and how one event runs over it. */
  interface Holder {
    StepResult send(EventRunner runner, SignInEvent event, Function<FlowData, Input> input);

    FlowData data();

    Optional<FlowId> id();
  }

  /**
   * A flow in this process's memory: the data in a volatile field, one event at a time by a
   * compare-and-set on a flag.
   */
  private static final class InMemory implements Holder {
    private static final AtomicIntegerFieldUpdater<InMemory> IN_FLIGHT =
        AtomicIntegerFieldUpdater.newUpdater(InMemory.class, "inFlight");

    private volatile FlowData data;
    private volatile int inFlight;

    InMemory(FlowData data) {
      this.data = data;
    }

    @Override
    public StepResult send(EventRunner runner, SignInEvent event, Function<FlowData, Input> input) {
      if (!IN_FLIGHT.compareAndSet(this, 0, 1)) {
        return runner.busy(data, event);
      }
      try {
        // Read the data only once the flow is ours, so the event starts from the latest state.
        EventRunner.Outcome outcome = runner.run(input.apply(data));
        data = outcome.data();
        return outcome.result();
      } finally {
        inFlight = 0;
      }
    }

    @Override
    public FlowData data() {
      return data;
    }

    @Override
    public Optional<FlowId> id() {
      return Optional.empty();
    }
  }
}
