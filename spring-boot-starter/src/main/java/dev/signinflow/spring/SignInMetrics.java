package dev.signinflow.spring;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.Transition;
import dev.signinflow.engine.TransitionListener;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.engine.spi.SignInGateway;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * signinflow's Micrometer meters. Tags name only states, events, outcomes and operations — a
 * bounded set of lower-case words — never a device, flow, session, user, address or secret.
 *
 * <ul>
 *   <li>{@value #EVENTS} (timer): every step of every flow, rejected ones included, tagged {@code
 *       from}, {@code event}, {@code to} (states) and {@code outcome}; its duration is the engine's
 *       measure of the step.
 *   <li>{@value #GATEWAY_CALLS} (timer): every call to Clerk's Frontend API, tagged {@code
 *       operation} (such as {@code create_sign_in}) and {@code outcome} ({@code success}, {@code
 *       rejected}, {@code rate_limited}, {@code unavailable}, or {@code error} when the gateway
 *       threw).
 *   <li>{@value #FLOWS_IN_FLIGHT} (gauge): stored flows with an event running on this node now.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class SignInMetrics implements TransitionListener {
  /** The timer of flow steps. */
  public static final String EVENTS = "signinflow.events";

  /** The timer of Frontend API calls. */
  public static final String GATEWAY_CALLS = "signinflow.gateway.calls";

  /** The gauge of flow events running now. */
  public static final String FLOWS_IN_FLIGHT = "signinflow.flows.in.flight";

  private final MeterRegistry registry;
  private final AtomicInteger inFlight = new AtomicInteger();

  /** Meters in this registry; registers the in-flight gauge at once. */
  public SignInMetrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
    Gauge.builder(FLOWS_IN_FLIGHT, inFlight, AtomicInteger::get)
        .description("Stored sign-in flows with an event running on this node")
        .register(registry);
  }

  @Override
  public void onTransition(Transition t) {
    Timer.builder(EVENTS)
        .description("Steps of sign-in flows, by state before and after, event and outcome")
        .tag("from", word(t.from()))
        .tag("event", word(t.event()))
        .tag("to", word(t.to()))
        .tag("outcome", word(t.outcome()))
        .register(registry)
        .record(t.duration());
  }

  /** The gateway, with each call timed into {@value #GATEWAY_CALLS}. */
  public SignInGateway meter(SignInGateway gateway) {
    return new MeteredSignInGateway(gateway, this);
  }

  /** The flow store, with leased flows counted into {@value #FLOWS_IN_FLIGHT}. */
  public FlowStore meter(FlowStore store) {
    return new MeteredFlowStore(store, inFlight);
  }

  Timer.Sample start() {
    return Timer.start(registry);
  }

  void stop(Timer.Sample sample, String operation, String outcome) {
    sample.stop(
        Timer.builder(GATEWAY_CALLS)
            .description("Calls to Clerk's Frontend API, by operation and outcome")
            .tag("operation", operation)
            .tag("outcome", outcome)
            .register(registry));
  }

  static String word(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "SignInMetrics[" + registry.getClass().getSimpleName() + "]";
  }
}
