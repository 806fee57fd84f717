package dev.signinflow.benchmarks;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.action.Action;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.configurers.StateConfigurer;
import org.springframework.statemachine.guard.Guard;
import org.springframework.statemachine.support.DefaultStateMachineContext;
import org.springframework.statemachine.support.StateMachineObjectSupport;
import reactor.core.publisher.Mono;

/**
 * The sign-in table on a bare Spring Statemachine, built with {@link StateMachineBuilder}: the same
 * states, the same transitions into choice pseudo-states, the same guards on a route, but actions
 * that only pick the route from a table, no engine around it. The baseline of the engine benchmark.
 */
final class BareMachine {
  enum S {
    IDENTIFYING,
    SUBMITTED,
    NEEDS_CLIENT_TRUST,
    CT_RESENT,
    CT_VERIFIED,
    CT_SELECTED,
    CT_REFRESHED,
    NEEDS_SECOND_FACTOR,
    SF_RESENT,
    SF_VERIFIED,
    SF_SELECTED,
    SF_REFRESHED,
    COMPLETE
  }

  enum E {
    SUBMIT_PASSWORD,
    RESEND_CODE,
    VERIFY_CODE,
    SELECT_FACTOR,
    REFRESH,
    RESET,
    FINALIZE
  }

  enum R {
    STAY,
    COMPLETE,
    CLIENT_TRUST,
    SECOND_FACTOR,
    GONE
  }

  static final String ROUTE = "route";

  /** The route the next action picks, set by the caller per event (the "step" of the engine). */
  static final String NEXT = "next";

  private BareMachine() {}

  private static final Action<S, E> PICK =
      c -> c.getExtendedState().getVariables().put(ROUTE, c.getExtendedState().get(NEXT, R.class));

  private static Guard<S, E> on(R route) {
    return c -> c.getExtendedState().get(ROUTE, R.class) == route;
  }

  static StateMachine<S, E> build() {
    try {
      StateMachineBuilder.Builder<S, E> b = StateMachineBuilder.builder();
      b.configureConfiguration().withConfiguration().autoStartup(false);
      StateConfigurer<S, E> states = b.configureStates().withStates().initial(S.IDENTIFYING);
      for (S s : new S[] {S.NEEDS_CLIENT_TRUST, S.NEEDS_SECOND_FACTOR, S.COMPLETE}) {
        states.state(s);
      }
      for (S c :
          new S[] {
            S.SUBMITTED,
            S.CT_RESENT,
            S.CT_VERIFIED,
            S.CT_SELECTED,
            S.CT_REFRESHED,
            S.SF_RESENT,
            S.SF_VERIFIED,
            S.SF_SELECTED,
            S.SF_REFRESHED
          }) {
        states.choice(c);
      }
      var t = b.configureTransitions();
      t.withExternal()
          .source(S.IDENTIFYING)
          .target(S.SUBMITTED)
          .event(E.SUBMIT_PASSWORD)
          .action(PICK)
          .and()
          .withChoice()
          .source(S.SUBMITTED)
          .first(S.COMPLETE, on(R.COMPLETE))
          .then(S.NEEDS_CLIENT_TRUST, on(R.CLIENT_TRUST))
          .then(S.NEEDS_SECOND_FACTOR, on(R.SECOND_FACTOR))
          .last(S.IDENTIFYING);
      waiting(t, S.NEEDS_CLIENT_TRUST, S.CT_RESENT, S.CT_VERIFIED, S.CT_SELECTED, S.CT_REFRESHED);
      waiting(t, S.NEEDS_SECOND_FACTOR, S.SF_RESENT, S.SF_VERIFIED, S.SF_SELECTED, S.SF_REFRESHED);
      for (S s : new S[] {S.IDENTIFYING, S.NEEDS_CLIENT_TRUST, S.NEEDS_SECOND_FACTOR, S.COMPLETE}) {
        t.withExternal().source(s).target(S.IDENTIFYING).event(E.RESET).action(PICK);
      }
      t.withExternal().source(S.COMPLETE).target(S.COMPLETE).event(E.FINALIZE).action(PICK);
      StateMachine<S, E> m = b.build();
      m.startReactively().block();
      return m;
    } catch (Exception e) {
      throw new IllegalStateException("cannot build the bare machine", e);
    }
  }

  /**
   * The same machine without the name Spring Statemachine gives it ("stateMachine"), as the
   * engine's pool makes its machines: without a name SSM skips its {@code @WithStateMachine}
   * handler look-up on every notification. Not the baseline; it shows how much of the engine's lead
   * over {@link #build()} comes from that alone.
   */
  static StateMachine<S, E> buildUnnamed() {
    StateMachine<S, E> m = build();
    ((StateMachineObjectSupport<S, E>) m).setBeanName(null);
    return m;
  }

  private static void waiting(
      org.springframework.statemachine.config.builders.StateMachineTransitionConfigurer<S, E> t,
      S state,
      S resent,
      S verified,
      S selected,
      S refreshed)
      throws Exception {
    t.withExternal()
        .source(state)
        .target(resent)
        .event(E.RESEND_CODE)
        .action(PICK)
        .and()
        .withChoice()
        .source(resent)
        .first(S.IDENTIFYING, on(R.GONE))
        .last(state);
    t.withExternal()
        .source(state)
        .target(verified)
        .event(E.VERIFY_CODE)
        .action(PICK)
        .and()
        .withChoice()
        .source(verified)
        .first(S.COMPLETE, on(R.COMPLETE))
        .then(S.IDENTIFYING, on(R.GONE))
        .last(state);
    t.withExternal()
        .source(state)
        .target(selected)
        .event(E.SELECT_FACTOR)
        .action(PICK)
        .and()
        .withChoice()
        .source(selected)
        .first(S.IDENTIFYING, on(R.GONE))
        .last(state);
    t.withExternal()
        .source(state)
        .target(refreshed)
        .event(E.REFRESH)
        .action(PICK)
        .and()
        .withChoice()
        .source(refreshed)
        .first(S.COMPLETE, on(R.COMPLETE))
        .then(S.IDENTIFYING, on(R.GONE))
        .last(state);
  }

  /** Puts the machine in a state without running entry actions, as the engine does per event. */
  static void reset(StateMachine<S, E> m, S state) {
    m.getStateMachineAccessor()
        .doWithAllRegions(
            a ->
                a.resetStateMachineReactively(
                        new DefaultStateMachineContext<>(state, null, null, null))
                    .block());
  }

  /** Sends one event the way the engine does, and returns the state the machine rests in. */
  static S send(StateMachine<S, E> m, E event, R route) {
    m.getExtendedState().getVariables().put(NEXT, route);
    Message<E> msg = MessageBuilder.withPayload(event).build();
    m.sendEvent(Mono.just(msg)).blockLast();
    return m.getState().getId();
  }
}
