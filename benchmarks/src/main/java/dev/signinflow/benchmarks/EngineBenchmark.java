package dev.signinflow.benchmarks;

import dev.signinflow.benchmarks.BareMachine.E;
import dev.signinflow.benchmarks.BareMachine.R;
import dev.signinflow.benchmarks.BareMachine.S;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.statemachine.StateMachine;

/**
 * One complete Client Trust flow per invocation — new device, code sent, wrong code, resend, right
 * code, complete: four events — through the engine, through a bare Spring Statemachine with the
 * same table (also without SSM's default machine name, as the engine makes its machines), and
 * through a plain {@code switch} (the floor). Run at {@code -t 1} and {@code -t 2}; add {@code
 * -prof gc} for allocation per flow (divide by four for per event).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class EngineBenchmark {
  /** Events per flow in every variant. */
  public static final int EVENTS = 4;

  /** The engine, shared by the threads as an application shares it. */
  @State(Scope.Benchmark)
  public static class Engine {
    SteppingClock clock;
    SignInEngine engine;

    @Setup
    public void setUp() {
      clock = new SteppingClock();
      engine = SignInEngine.builder().gateway(InstantGateway.constant()).clock(clock).build();
    }
  }

  /** What each thread keeps: its device, and its own bare machine (machines are not shared). */
  @State(Scope.Thread)
  public static class PerThread {
    DeviceId device;
    StateMachine<S, E> machine;
    StateMachine<S, E> unnamed;
    // Read from fields so the JIT cannot fold the switch floor into a constant.
    E[] events = {E.SUBMIT_PASSWORD, E.VERIFY_CODE, E.RESEND_CODE, E.VERIFY_CODE};
    R[] routes = {R.CLIENT_TRUST, R.STAY, R.STAY, R.COMPLETE};
    S start = S.IDENTIFYING;

    @Setup
    public void setUp() {
      device = DeviceId.of("bench-" + Thread.currentThread().getId());
      machine = BareMachine.build();
      unnamed = BareMachine.buildUnnamed();
    }
  }

  @Benchmark
  public SignInState engine(Engine e, PerThread t) {
    SignInFlow flow = e.engine.newFlow(t.device);
    flow.submitPassword("ada@example.com", "correct horse battery staple");
    flow.verifyCode(InstantGateway.WRONG_CODE);
    e.clock.advanceMillis(31_000); // past the 30 s resend cooldown
    flow.resendCode();
    flow.verifyCode(InstantGateway.RIGHT_CODE);
    SignInState end = flow.state();
    if (end != SignInState.COMPLETE) {
      throw new IllegalStateException("flow ended in " + end);
    }
    return end;
  }

  /** Bare machine, reset to the start once per flow (what a user of SSM alone would do). */
  @Benchmark
  public S bareSsm(PerThread t) {
    StateMachine<S, E> m = t.machine;
    BareMachine.reset(m, S.IDENTIFYING);
    return bareEvents(m);
  }

  /**
   * Bare machine without SSM's default name, so it skips the handler look-up the engine's pooled
   * machines skip too (not the baseline): the engine's own overhead is engine / this.
   */
  @Benchmark
  public S bareSsmUnnamed(PerThread t) {
    StateMachine<S, E> m = t.unnamed;
    BareMachine.reset(m, S.IDENTIFYING);
    return bareEvents(m);
  }

  /**
   * Bare machine, reset before every event as the engine's pool does (a flow does not own a
   * machine): shows how much of the engine's cost is that reset.
   */
  @Benchmark
  public S bareSsmResetPerEvent(PerThread t) {
    StateMachine<S, E> m = t.machine;
    BareMachine.reset(m, S.IDENTIFYING);
    S s = BareMachine.send(m, E.SUBMIT_PASSWORD, R.CLIENT_TRUST);
    BareMachine.reset(m, s);
    s = BareMachine.send(m, E.VERIFY_CODE, R.STAY);
    BareMachine.reset(m, s);
    s = BareMachine.send(m, E.RESEND_CODE, R.STAY);
    BareMachine.reset(m, s);
    s = BareMachine.send(m, E.VERIFY_CODE, R.COMPLETE);
    return check(s);
  }

  private static S bareEvents(StateMachine<S, E> m) {
    BareMachine.send(m, E.SUBMIT_PASSWORD, R.CLIENT_TRUST);
    BareMachine.send(m, E.VERIFY_CODE, R.STAY);
    BareMachine.send(m, E.RESEND_CODE, R.STAY);
    return check(BareMachine.send(m, E.VERIFY_CODE, R.COMPLETE));
  }

  @Benchmark
  public S plainSwitch(PerThread t) {
    S s = t.start;
    for (int i = 0; i < EVENTS; i++) {
      s = SwitchTable.next(s, t.events[i], t.routes[i]);
    }
    return check(s);
  }

  private static S check(S end) {
    if (end != S.COMPLETE) {
      throw new IllegalStateException("flow ended in " + end);
    }
    return end;
  }
}
