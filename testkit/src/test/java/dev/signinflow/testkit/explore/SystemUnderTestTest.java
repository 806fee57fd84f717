package dev.signinflow.testkit.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.FlowView;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Strategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The explorer drives a system other than the engine: here a layer that keeps its flows in the
 * engine's flow store, as a web app does, and answers with what it "shows" (the errors) instead of
 * the engine's result.
 */
class SystemUnderTestTest {
  /**
   * Sign-ins that live an hour: a stored flow lives a day, so the explorer's move past a sign-in's
   * end must not outlive it.
   */
  private static final List<Scenario> SCENARIOS =
      List.of(
          Scenario.custom(
              "client-trust-email-code-1h",
              InstanceSettings.CLIENT_TRUST_EMAIL_CODE.settings().toBuilder()
                  .signInLifetime(Duration.ofHours(1))
                  .build(),
              UserProfile.NO_MFA,
              DeviceHistory.NEW,
              FaultPlan.NONE));

  /** A layer over stored flows; {@code check} says what it gets wrong about a view. */
  static final class Layer implements SystemUnderTest {
    final AtomicInteger attached = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final Function<FlowView, List<String>> check;

    Layer(Function<FlowView, List<String>> check) {
      this.check = check;
    }

    @Override
    public Driver attach(SignInEngine engine, Clock clock) {
      attached.incrementAndGet();
      return new Driver() {
        @Override
        public Session open(DeviceId device) {
          return new Stored(engine, engine.startFlow(device));
        }

        @Override
        public void close() {
          closed.incrementAndGet();
        }
      };
    }

    final class Stored implements Session {
      private final SignInEngine engine;
      private final SignInFlow started;

      Stored(SignInEngine engine, SignInFlow started) {
        this.engine = engine;
        this.started = started;
      }

      /** Each request finds the flow again by its id, as a web app does. */
      private SignInFlow flowNow() {
        return engine.flow(started.id().orElseThrow()).orElseThrow();
      }

      private static Response shown(StepResult r) {
        return Response.shown(r.errors().all(), "<p>" + r.kind() + "</p>");
      }

      @Override
      public Response submitPassword(String identifier, String password) {
        return shown(flowNow().submitPassword(identifier, password));
      }

      @Override
      public Response resendCode() {
        return shown(flowNow().resendCode());
      }

      @Override
      public Response verifyCode(String code) {
        return shown(flowNow().verifyCode(code));
      }

      @Override
      public Response selectFactor(Strategy strategy) {
        return shown(flowNow().selectFactor(strategy));
      }

      @Override
      public Response refresh() {
        return shown(flowNow().refresh());
      }

      @Override
      public Response reset() {
        return shown(flowNow().reset());
      }

      @Override
      public Response finalizeSession() {
        return shown(flowNow().finalizeSession());
      }

      @Override
      public Response signOut() {
        return shown(flowNow().signOut());
      }

      @Override
      public SignInFlow flow() {
        return flowNow();
      }

      @Override
      public List<String> disagreements(FlowView view, StepResult step, Instant now) {
        return check.apply(view);
      }
    }
  }

  private static TransitionExplorer explorer(SystemUnderTest sut) {
    return TransitionExplorer.builder()
        .systemUnderTest(sut)
        .scenarios(SCENARIOS)
        .depth(3)
        .randomWalks(2, 20)
        .resumeSampleRate(0.5)
        .noOutputFiles()
        .build();
  }

  @Test
  void aLayerOverStoredFlowsKeepsEveryInvariantAndIsAttachedOncePerScenario() {
    Layer layer = new Layer(v -> List.of());
    ExplorationReport report = explorer(layer).explore();
    report.assertNoViolations();
    assertThat(report.steps()).isPositive();
    assertThat(report.resumeChecks()).as("resume checks are for the engine only").isZero();
    assertThat(layer.attached).hasValue(1);
    assertThat(layer.closed).hasValue(1);
  }

  @Test
  void whatTheLayerGetsWrongIsAViolationShrunkToItsShortestSequence() {
    Layer wrong =
        new Layer(
            v ->
                v.state() == SignInState.NEEDS_CLIENT_TRUST
                    ? List.of("shows the password form while the device must be verified")
                    : List.of());
    ExplorationReport report = explorer(wrong).explore();
    assertThat(report.violations()).hasSize(1);
    Violation v = report.violations().get(0);
    assertThat(v.invariant()).isEqualTo(Invariants.SHOWS_WHAT_THE_STATE_SAYS);
    assertThat(v.actions()).containsExactly(Action.SUBMIT_RIGHT_PASSWORD);
    assertThat(v.message()).contains("shows the password form");
  }

  @Test
  void theEngineIsTheDefault() {
    assertThat(TransitionExplorer.builder().build().config().sut())
        .isSameAs(SystemUnderTest.engine());
  }
}
