package dev.signinflow.transport.fake;

import static dev.signinflow.transport.fake.Device.firstError;
import static dev.signinflow.transport.fake.Device.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Injected faults: each kind, and each trigger (once, times, always, seeded probability). */
class FakeClerkFaultsTest {
  private static final String JANE = "jane@example.com";
  private static final String PASSWORD = "correct horse battery staple";

  private final FakeClerk fake = FakeClerk.create();
  private final Device device = Device.fresh(fake);

  private String janeNeedsClientTrust() {
    fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
    return signIn(device.signIn(JANE, PASSWORD)).id();
  }

  @Nested
  class Latency {
    @Test
    void delaysANormalAnswer() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
      fake.injectFault(
          FapiOperation.CREATE_SIGN_IN, Fault.latency(Duration.ofSeconds(2)), FaultTrigger.once());

      FapiResponse r = device.signIn(JANE, PASSWORD);

      assertThat(r.status()).isEqualTo(200);
      assertThat(signIn(r).status()).isEqualTo("needs_client_trust");
      assertThat(r.latency()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void leavesTheClockToWhoeverLivesThroughIt() {
      Instant before = fake.clock().instant();
      fake.injectFault(
          FapiOperation.GET_CLIENT, Fault.latency(Duration.ofSeconds(2)), FaultTrigger.once());

      device.client();

      assertThat(fake.clock().instant()).isEqualTo(before);
    }
  }

  @Nested
  class ServerError {
    @Test
    void answersTheStatusWithClerksInternalError() {
      fake.injectFault(FapiOperation.CREATE_SIGN_IN, Fault.serverError(503), FaultTrigger.once());

      FapiResponse r = device.signIn(JANE, PASSWORD);

      assertThat(r.status()).isEqualTo(503);
      assertThat(firstError(r).code()).isEqualTo("internal_clerk_error");
      assertThat(r.traceId()).isNotEmpty();
    }

    @Test
    void sendsNothing() {
      String id = janeNeedsClientTrust();
      fake.injectFault(
          FapiOperation.PREPARE_SECOND_FACTOR, Fault.serverError(500), FaultTrigger.once());

      device.prepare(id, "email_code");

      assertThat(fake.outbox()).isEmpty();
    }

    @Test
    void establishesNoClientForATokenlessRequest() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
      fake.injectFault(FapiOperation.CREATE_SIGN_IN, Fault.serverError(500), FaultTrigger.once());

      FapiResponse r = device.signIn(JANE, PASSWORD);

      assertThat(r.clientToken()).isEmpty();
    }

    @Test
    void stillCarriesTheTokenOfAKnownClient() {
      String id = janeNeedsClientTrust();
      fake.injectFault(
          FapiOperation.PREPARE_SECOND_FACTOR, Fault.serverError(500), FaultTrigger.once());

      FapiResponse r = device.prepare(id, "email_code");

      assertThat(r.clientToken()).isPresent();
    }
  }

  @Nested
  class DropConnection {
    @Test
    void answersNothingAtAll() {
      fake.injectFault(FapiOperation.CREATE_SIGN_IN, Fault.dropConnection(), FaultTrigger.once());

      FapiResponse r = device.signIn(JANE, PASSWORD);

      assertThat(r.dropped()).isTrue();
      assertThat(r.status()).isZero();
      assertThat(r.body()).isEmpty();
      assertThat(r.errors()).isEmpty();
      assertThat(r.clientToken()).isEmpty();
    }

    @Test
    void sendsNothing() {
      String id = janeNeedsClientTrust();
      fake.injectFault(
          FapiOperation.PREPARE_SECOND_FACTOR, Fault.dropConnection(), FaultTrigger.once());

      device.prepare(id, "email_code");

      assertThat(fake.outbox()).isEmpty();
    }
  }

  @Nested
  class TooManyRequests {
    @Test
    void answers429WithRetryAfterInWholeSeconds() {
      fake.injectFault(
          FapiOperation.CREATE_SIGN_IN,
          Fault.tooManyRequests(Duration.ofMillis(2_500)),
          FaultTrigger.once());

      FapiResponse r = device.signIn(JANE, PASSWORD);

      assertThat(r.status()).isEqualTo(429);
      assertThat(firstError(r).code()).isEqualTo("too_many_requests");
      assertThat(r.retryAfter()).contains(Duration.ofSeconds(3));
    }
  }

  @Nested
  class Triggers {
    private final Fault fault = Fault.serverError(503);

    /** The statuses of this many tokenless client reads. */
    private List<Integer> statusesOf(FakeClerk f, int requests) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        statuses.add(f.getClient(FapiRequest.of(Optional.empty(), "10.0.0.1")).status());
      }
      return statuses;
    }

    @Test
    void onceFiresOnTheNextRequestOnly() {
      fake.injectFault(FapiOperation.GET_CLIENT, fault, FaultTrigger.once());

      assertThat(statusesOf(fake, 3)).containsExactly(503, 200, 200);
    }

    @Test
    void timesFiresOnTheNextNRequests() {
      fake.injectFault(FapiOperation.GET_CLIENT, fault, FaultTrigger.times(2));

      assertThat(statusesOf(fake, 4)).containsExactly(503, 503, 200, 200);
    }

    @Test
    void alwaysFiresUntilCleared() {
      fake.injectFault(FapiOperation.GET_CLIENT, fault, FaultTrigger.always());
      assertThat(statusesOf(fake, 10)).containsOnly(503);

      fake.clearFaults();

      assertThat(statusesOf(fake, 1)).containsExactly(200);
    }

    @Test
    void aFaultFiresOnlyOnItsOperation() {
      fake.injectFault(FapiOperation.CREATE_SIGN_IN, fault, FaultTrigger.always());

      assertThat(statusesOf(fake, 2)).containsOnly(200);
    }

    private List<Integer> withHalfProbability(long seed) {
      FakeClerk seeded = FakeClerk.builder().random(new Random(seed)).build();
      seeded.injectFault(FapiOperation.GET_CLIENT, fault, FaultTrigger.withProbability(0.5));
      return statusesOf(seeded, 20);
    }

    @Test
    void withProbabilityFiresOnSomeRequestsAndNotOthers() {
      assertThat(withHalfProbability(7)).contains(503, 200);
    }

    @Test
    void withProbabilityIsReproducibleWithTheSameSeed() {
      assertThat(withHalfProbability(7)).isEqualTo(withHalfProbability(7));
    }

    @Test
    void withProbabilityDiffersWithAnotherSeed() {
      assertThat(withHalfProbability(7)).isNotEqualTo(withHalfProbability(8));
    }
  }
}
