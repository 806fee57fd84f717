package dev.signinflow.testkit;

import static java.util.Objects.requireNonNull;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeClock;
import dev.signinflow.transport.fake.FakeSignInGateway;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that hands each test a fresh fake Clerk by parameter injection, and closes
 * what it started after the test.
 *
 * <pre>{@code
 * @ExtendWith(FakeClerkExtension.class)
 * class SignInTest {
 *   @Test
 *   void newDeviceNeedsACode(FakeClerk fake, SignInEngine engine) { ... }
 *
 *   @Test
 *   void overHttp(FakeFapiServer server) { ... server.baseUrl() ... }
 * }
 * }</pre>
 *
 * <p>A test (or its {@code @BeforeEach} and {@code @AfterEach} methods) may ask for any of these,
 * and all of them in one test share one {@link FakeClerk}:
 *
 * <ul>
 *   <li>{@link FakeClerk}: new for each test, Clerk's defaults (or what the factory of {@link
 *       #of(Supplier)} makes);
 *   <li>{@link FakeClock}: the fake's clock, to move time forward;
 *   <li>{@link FakeSignInGateway}: the port over the fake, in memory;
 *   <li>{@link SignInEngine}: an engine over that gateway, reading the fake's clock;
 *   <li>{@link FakeFapiServer}: the fake served over HTTP on a free port of 127.0.0.1, started on
 *       first request and closed after the test.
 * </ul>
 *
 * Asked for in a {@code @BeforeAll} method, they belong to the class: its tests share them, and
 * they are closed when the class's tests are done. To start from other settings or users, register
 * the extension with a factory: {@code @RegisterExtension static final FakeClerkExtension clerk =
 * FakeClerkExtension.of(() -> FakeClerk.builder() .settings(...).build());}
 *
 * <p>Thread-safe: each test's objects are kept in that test's own extension store.
 */
public final class FakeClerkExtension
    implements ParameterResolver, AfterEachCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FakeClerkExtension.class);
  private static final Set<Class<?>> SUPPLIED =
      Set.of(
          FakeClerk.class,
          FakeClock.class,
          FakeSignInGateway.class,
          SignInEngine.class,
          FakeFapiServer.class);

  private final Supplier<FakeClerk> fakes;

  /** Fakes with Clerk's defaults ({@link FakeClerk#create()}); for {@code @ExtendWith}. */
  public FakeClerkExtension() {
    this(FakeClerk::create);
  }

  private FakeClerkExtension(Supplier<FakeClerk> fakes) {
    this.fakes = fakes;
  }

  /** An extension whose tests get fakes from this factory, called once per test. */
  public static FakeClerkExtension of(Supplier<FakeClerk> fakes) {
    return new FakeClerkExtension(requireNonNull(fakes, "fakes"));
  }

  /**
   * An extension whose fakes hold the users of {@code signin demo} ({@link DemoSeed}): a new
   * device's email code, a TOTP user, an SMS-only user.
   */
  public static FakeClerkExtension withDemoUsers() {
    return of(
        () -> {
          FakeClerk fake = FakeClerk.create();
          DemoSeed.plant(fake);
          return fake;
        });
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return SUPPLIED.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    Resources r = resources(context);
    if (type == FakeClerk.class) {
      return r.fake;
    }
    if (type == FakeClock.class) {
      return r.fake.clock();
    }
    if (type == FakeSignInGateway.class) {
      return r.gateway;
    }
    if (type == SignInEngine.class) {
      return r.engine();
    }
    if (type == FakeFapiServer.class) {
      return r.server();
    }
    throw new ParameterResolutionException("FakeClerkExtension cannot supply a " + type.getName());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close(context);
  }

  /**
   * One test's fake and what was built on it: the class's, when a {@code @BeforeAll} method asked
   * for one, else the test's own.
   */
  private Resources resources(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Resources shared = store.get(c.getUniqueId(), Resources.class);
      if (shared != null) {
        return shared;
      }
    }
    return store.getOrComputeIfAbsent(
        context.getUniqueId(), id -> new Resources(fakes.get()), Resources.class);
  }

  private static void close(ExtensionContext context) {
    Resources r = context.getStore(NAMESPACE).remove(context.getUniqueId(), Resources.class);
    if (r != null) {
      r.close();
    }
  }

  private static final class Resources {
    final FakeClerk fake;
    final FakeSignInGateway gateway;
    private SignInEngine engine;
    private FakeFapiServer server;

    Resources(FakeClerk fake) {
      this.fake = requireNonNull(fake, "the factory of FakeClerkExtension.of returned null");
      this.gateway = FakeSignInGateway.over(fake);
    }

    synchronized SignInEngine engine() {
      if (engine == null) {
        engine = SignInEngine.builder().gateway(gateway).clock(fake.clock()).build();
      }
      return engine;
    }

    synchronized FakeFapiServer server() {
      if (server == null) {
        server = FakeFapiServer.start(fake, 0);
      }
      return server;
    }

    synchronized void close() {
      if (server != null) {
        server.close();
        server = null;
      }
    }
  }
}
