package dev.signinflow.examples.web;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.FlowId;
import dev.signinflow.engine.spi.FlowLease;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.engine.spi.StoredFlow;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeClock;
import dev.signinflow.transport.fake.FakeSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web app as its tests run it, once per test JVM: on a free loopback port, against an emulator
 * on its own port — configured by properties, as against a real Clerk instance — with the demo
 * users, on a fake clock that stands still until a test moves it. Each test starts from a {@link
 * #reset()} emulator and a new browser (new cookies: a new device and session).
 *
 * <p>Its flow store is the starter's seam for Redis: here an in-memory store that a test can hold
 * at its next save ({@link HoldingFlowStore}), to make a second submit arrive while a step runs.
 */
final class TestApp {
  private static TestApp instance;

  final FakeClerk fake;
  final FakeFapiServer fapi;
  final HoldingFlowStore flows = new HoldingFlowStore();
  final ConfigurableApplicationContext context;
  final URI base;

  private TestApp() {
    fake = FakeClerk.builder().clock(FakeClock.standard()).random(new Random(7)).build();
    DemoSeed.plant(fake);
    fapi = FakeFapiServer.start(fake, 0);
    context =
        new SpringApplicationBuilder(WebApp.class)
            .initializers(
                c -> {
                  c.getBeanFactory().registerSingleton("testClock", (Clock) fake.clock());
                  c.getBeanFactory().registerSingleton("testFlowStore", flows);
                })
            .run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--signinflow.clerk.frontend-api-url=" + fapi.baseUrl(),
                "--logging.level.root=WARN");
    String port = context.getEnvironment().getProperty("local.server.port");
    base = URI.create("http://127.0.0.1:" + port + "/");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  context.close();
                  fapi.close();
                },
                "test-app-stop"));
  }

  /** The app, started on first use. */
  static synchronized TestApp get() {
    if (instance == null) {
      instance = new TestApp();
    }
    return instance;
  }

  /** A clean emulator with the demo users and default settings; the clock stays where it is. */
  TestApp reset() {
    fake.reset();
    fake.clearFaults();
    DemoSeed.plant(fake);
    flows.letGo();
    return this;
  }

  /** The emulator with these settings (defaults changed by the builder). */
  TestApp settings(java.util.function.UnaryOperator<FakeSettings.Builder> change) {
    fake.settings(change.apply(FakeSettings.defaults().toBuilder()).build());
    return this;
  }

  /** Moves the clock (the emulator's and the app's) forward. */
  void advance(Duration d) {
    fake.clock().advance(d);
  }

  /** The last code the emulator sent to this address or number. */
  String lastCode(String to) {
    return fake.lastCodeSentTo(to).orElseThrow(() -> new AssertionError("no code sent to " + to));
  }

  /**
   * An in-memory flow store whose next {@link #commit} can be held until a test lets it go: the
   * step holding the flow's lease then stays in flight, deterministically, while the test sends a
   * second one.
   */
  static final class HoldingFlowStore implements FlowStore {
    private final FlowStore delegate = FlowStore.inMemory();
    private volatile CountDownLatch held;
    private volatile CountDownLatch holding;

    /** Holds the next commit; {@link #awaitHolding()} returns once a step waits there. */
    void holdNextCommit() {
      holding = new CountDownLatch(1);
      held = new CountDownLatch(1);
    }

    /** Waits (at most 30 s) until a step is held at its commit. */
    void awaitHolding() throws InterruptedException {
      if (!holding.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("no step reached its save within 30 s");
      }
    }

    /** Lets the held step save. */
    void letGo() {
      CountDownLatch h = held;
      held = null;
      if (h != null) {
        h.countDown();
      }
    }

    @Override
    public void create(FlowId id, String snapshotJson, Instant expiresAt, Instant now) {
      delegate.create(id, snapshotJson, expiresAt, now);
    }

    @Override
    public Optional<StoredFlow> load(FlowId id, Instant now) {
      return delegate.load(id, now);
    }

    @Override
    public LeaseResult lease(FlowId id, Instant now, Instant until) {
      return delegate.lease(id, now, until);
    }

    @Override
    public boolean commit(FlowLease lease, String snapshotJson, Instant expiresAt, Instant now) {
      CountDownLatch h = held;
      if (h != null) {
        holding.countDown();
        try {
          if (!h.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("held for 30 s and never released");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return delegate.commit(lease, snapshotJson, expiresAt, now);
    }

    @Override
    public void release(FlowLease lease) {
      delegate.release(lease);
    }

    @Override
    public void delete(FlowId id) {
      delegate.delete(id);
    }
  }
}
