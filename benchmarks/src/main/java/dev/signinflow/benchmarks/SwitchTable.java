package dev.signinflow.benchmarks;

import dev.signinflow.benchmarks.BareMachine.E;
import dev.signinflow.benchmarks.BareMachine.R;
import dev.signinflow.benchmarks.BareMachine.S;

/** The same table as a plain {@code switch}: the floor of the engine benchmark. */
final class SwitchTable {
  private SwitchTable() {}

  static S next(S state, E event, R route) {
    if (event == E.RESET) {
      return S.IDENTIFYING;
    }
    switch (state) {
      case IDENTIFYING:
        if (event == E.SUBMIT_PASSWORD) {
          switch (route) {
            case COMPLETE:
              return S.COMPLETE;
            case CLIENT_TRUST:
              return S.NEEDS_CLIENT_TRUST;
            case SECOND_FACTOR:
              return S.NEEDS_SECOND_FACTOR;
            default:
              return S.IDENTIFYING;
          }
        }
        return state;
      case NEEDS_CLIENT_TRUST:
      case NEEDS_SECOND_FACTOR:
        switch (event) {
          case RESEND_CODE:
          case SELECT_FACTOR:
            return route == R.GONE ? S.IDENTIFYING : state;
          case VERIFY_CODE:
          case REFRESH:
            return route == R.COMPLETE ? S.COMPLETE : route == R.GONE ? S.IDENTIFYING : state;
          default:
            return state;
        }
      case COMPLETE:
        return state;
      default:
        throw new IllegalStateException("not a resting state: " + state);
    }
  }
}
