package dev.signinflow.testkit.explore;

import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FapiOperation;
import dev.signinflow.transport.fake.Fault;
import dev.signinflow.transport.fake.FaultTrigger;
import java.time.Duration;
import java.util.List;

/**
 * The faults armed in the fake when a sequence starts (after a known device's set-up). Each fires
 * once, so a sequence sees both the failure and what follows it.
 */
public enum FaultPlan {
  /** Nothing goes wrong but what the server's own rules say. */
  NONE("no-faults"),
  /** The first sign-in creation gets 429 with {@code Retry-After: 30}. */
  RATE_LIMITED_CREATE("429-on-create"),
  /** The first prepare (the first code or link sent) gets 429 with {@code Retry-After: 30}. */
  RATE_LIMITED_PREPARE("429-on-prepare"),
  /**
   * The first call of each operation (create, prepare, attempt, get, touch, get client, remove a
   * session) gets a 500.
   */
  SERVER_ERROR("5xx"),
  /**
   * The first call of each operation drops the connection without an answer: what a client sees
   * when a request times out.
   */
  TIMEOUT("timeout");

  static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private static final List<FapiOperation> SIGN_IN_OPERATIONS =
      List.of(
          FapiOperation.CREATE_SIGN_IN,
          FapiOperation.PREPARE_SECOND_FACTOR,
          FapiOperation.ATTEMPT_SECOND_FACTOR,
          FapiOperation.GET_SIGN_IN,
          FapiOperation.TOUCH_SESSION,
          FapiOperation.GET_CLIENT,
          FapiOperation.REMOVE_SESSION);

  private final String label;

  FaultPlan(String label) {
    this.label = label;
  }

  /** The name used in scenario names and fixtures. */
  public String label() {
    return label;
  }

  /** Arms this plan's faults in the fake. */
  void arm(FakeClerk fake) {
    switch (this) {
      case RATE_LIMITED_CREATE:
        fake.injectFault(
            FapiOperation.CREATE_SIGN_IN, Fault.tooManyRequests(RETRY_AFTER), FaultTrigger.once());
        break;
      case RATE_LIMITED_PREPARE:
        fake.injectFault(
            FapiOperation.PREPARE_SECOND_FACTOR,
            Fault.tooManyRequests(RETRY_AFTER),
            FaultTrigger.once());
        break;
      case SERVER_ERROR:
        for (FapiOperation op : SIGN_IN_OPERATIONS) {
          fake.injectFault(op, Fault.serverError(500), FaultTrigger.once());
        }
        break;
      case TIMEOUT:
        for (FapiOperation op : SIGN_IN_OPERATIONS) {
          fake.injectFault(op, Fault.dropConnection(), FaultTrigger.once());
        }
        break;
      default:
        break;
    }
  }

  static FaultPlan byLabel(String label) {
    for (FaultPlan f : values()) {
      if (f.label.equals(label)) {
        return f;
      }
    }
    throw new IllegalArgumentException("no fault plan named " + label);
  }
}
