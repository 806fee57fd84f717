package dev.signinflow.testkit.explore;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.FlowView;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Strategy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** {@link SystemUnderTest#engine()}: the engine's flows, called directly. */
final class EngineUnderTest implements SystemUnderTest {
  static final EngineUnderTest INSTANCE = new EngineUnderTest();

  private EngineUnderTest() {}

  @Override
  public Driver attach(SignInEngine engine, Clock clock) {
    return new Driver() {
      @Override
      public Session open(DeviceId device) {
        return new FlowSession(engine.newFlow(device));
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public String toString() {
    return "the engine";
  }

  /** A flow, called directly; a resume check swaps it for the resumed one. */
  static final class FlowSession implements Session {
    SignInFlow flow;

    FlowSession(SignInFlow flow) {
      this.flow = flow;
    }

    @Override
    public Response submitPassword(String identifier, String password) {
      return Response.of(flow.submitPassword(identifier, password));
    }

    @Override
    public Response resendCode() {
      return Response.of(flow.resendCode());
    }

    @Override
    public Response verifyCode(String code) {
      return Response.of(flow.verifyCode(code));
    }

    @Override
    public Response selectFactor(Strategy strategy) {
      return Response.of(flow.selectFactor(strategy));
    }

    @Override
    public Response refresh() {
      return Response.of(flow.refresh());
    }

    @Override
    public Response reset() {
      return Response.of(flow.reset());
    }

    @Override
    public Response finalizeSession() {
      return Response.of(flow.finalizeSession());
    }

    @Override
    public Response signOut() {
      return Response.of(flow.signOut());
    }

    @Override
    public SignInFlow flow() {
      return flow;
    }

    @Override
    public List<String> disagreements(FlowView view, StepResult step, Instant now) {
      return List.of();
    }
  }
}
