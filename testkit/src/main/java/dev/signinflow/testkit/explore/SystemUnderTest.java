package dev.signinflow.testkit.explore;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.FlowView;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Strategy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the explorer drives: by default the engine itself ({@link #engine()}), each step a call on a
 * {@link SignInFlow}; or a layer built on the engine — a web app over HTTP, say — that takes the
 * same steps its own way (a form post per step) and shows their outcome its own way (a page). The
 * explorer sends it the same actions, checks the same invariants against the engine's flow behind
 * it, plus one of the system's own ({@code shows-what-the-state-says}: what it shows agrees with
 * the flow's state), and measures the same coverage.
 *
 * <pre>{@code
 * TransitionExplorer.builder()
 *     .systemUnderTest((engine, clock) -> new MyWebApp(engine, clock)) // on the explorer's engine
 *     .build().explore();
 * }</pre>
 *
 * <p>The explorer builds one engine per scenario (its gateway, clock and stores point at the world
 * of the sequence being run) and {@linkplain #attach attaches} the system to it; the system must
 * send every step to that engine, once. Scenarios run in parallel, so {@code attach} may be called
 * from several threads at once; a {@link Driver} is used by one thread at a time.
 */
@FunctionalInterface
public interface SystemUnderTest {

  /** The engine itself: each step is the {@link SignInFlow} method of the same name. */
  static SystemUnderTest engine() {
    return EngineUnderTest.INSTANCE;
  }

  /**
   * The system, running on this engine for one scenario's sequences; closed when the scenario is
   * explored.
   *
   * @param engine the engine to send every step to
   * @param clock the clock the engine reads (the world's, which the explorer moves): a system that
   *     shows times, such as a resend cooldown, reads it too
   */
  Driver attach(SignInEngine engine, Clock clock);

  /** The system on one engine: it serves one sequence at a time, each with a new user. */
  interface Driver extends AutoCloseable {
    /**
     * A new user on this device, at the start of a sequence: for a web app, a new browser (new
     * cookies) whose device id is this one; its flow starts in {@code IDENTIFYING}.
     */
    Session open(DeviceId device);

    /** Stops the system; nothing is explored with it afterwards. */
    @Override
    void close();
  }

  /** One user's sign-in as the system offers it: each method takes one step, sending one event. */
  interface Session {
    /** Submits an identifier and a password. */
    Response submitPassword(String identifier, String password);

    /** Asks for a new code. */
    Response resendCode();

    /** Submits a code. */
    Response verifyCode(String code);

    /** Switches to another factor. */
    Response selectFactor(Strategy strategy);

    /** Looks again, after an email link was clicked ("I clicked it"). */
    Response refresh();

    /** Starts over. */
    Response reset();

    /** Activates the session of a completed sign-in. */
    Response finalizeSession();

    /** Signs out. */
    Response signOut();

    /**
     * The engine's flow behind what the system shows now ({@link SignInFlow#view()} as of now): the
     * explorer judges it as it judges the engine's own flows.
     */
    SignInFlow flow();

    /**
     * Where what the system shows after a step disagrees with the flow's view (as of the same
     * moment), as messages; empty when it agrees. The engine shows nothing of its own: empty.
     *
     * @param view the flow's view after the step
     * @param step what the step did, as the engine answered it
     * @param now the world's clock
     */
    List<String> disagreements(FlowView view, StepResult step, Instant now);
  }

  /**
   * What one step gave: the engine's own result when the system has it (the engine does), else what
   * the system showed — the explorer then takes the step's outcome from the engine's listener and
   * its errors from what was shown.
   *
   * @param result the engine's result of the step, when the system returns it
   * @param errorsShown the errors the system showed (codes and, for field errors, their field as
   *     {@code param_name})
   * @param shown everything the system showed the user (a page's HTML), searched for secrets
   */
  record Response(Optional<StepResult> result, List<ClerkError> errorsShown, String shown) {
    public Response {
      requireNonNull(result, "result");
      errorsShown = List.copyOf(errorsShown);
      requireNonNull(shown, "shown");
    }

    /** The engine's result, as the engine's own flow answers. */
    public static Response of(StepResult result) {
      return new Response(Optional.of(result), result.errors().all(), "");
    }

    /** A page: what it showed, without the engine's result. */
    public static Response shown(List<ClerkError> errorsShown, String page) {
      return new Response(Optional.empty(), errorsShown, page);
    }
  }
}
