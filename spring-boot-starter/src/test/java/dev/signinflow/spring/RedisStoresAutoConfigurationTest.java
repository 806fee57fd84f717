package dev.signinflow.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SessionTokenCache;
import dev.signinflow.store.redis.RealRedis;
import dev.signinflow.store.redis.RedisClientTokenStore;
import dev.signinflow.store.redis.RedisCluster;
import dev.signinflow.store.redis.RedisFlowStore;
import dev.signinflow.store.redis.RedisServer;
import dev.signinflow.store.redis.RedisSessionTokenCache;
import dev.signinflow.store.redis.TokenKeyring;
import dev.signinflow.store.redis.TokenStoreException;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * {@code signinflow.store.type=redis}: the starter builds the Lettuce client and the three Redis
 * stores from properties, against real {@code redis-server} processes on loopback — one server, one
 * with a password, and a 3-master cluster — and the engine's flows and sealed tokens land in them.
 */
@RealRedis
class RedisStoresAutoConfigurationTest {
  private static final String KEY_ONE = base64(key("one"));
  private static final String KEY_TWO = base64(key("two"));
  private static final String PASSWORD = "S3cr3t-R3dis-Passw0rd";

  private static RedisServer single;
  private static RedisServer guarded;
  private static RedisCluster cluster;
  private static int prefixes;

  private FakeClerk fake;
  private FakeFapiServer emulator;

  @BeforeAll
  static void startRedis() {
    single = RedisServer.start();
    guarded = RedisServer.start("--requirepass", PASSWORD);
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stopRedis() {
    for (AutoCloseable c : new AutoCloseable[] {single, guarded, cluster}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // stopped by the shutdown hook at worst
      }
    }
  }

  @BeforeEach
  void startEmulator() {
    fake = FakeClerk.builder().clock(FakeClock.standard()).build();
    DemoSeed.plant(fake);
    emulator = FakeFapiServer.start(fake, 0);
  }

  @AfterEach
  void stopEmulator() {
    emulator.close();
  }

  /** A runner against the emulator, Redis stores, a key prefix of its own. */
  private ApplicationContextRunner runner(String prefix, String... more) {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                SignInFlowRedisAutoConfiguration.class, SignInFlowAutoConfiguration.class))
        .withBean(Clock.class, () -> fake.clock())
        .withPropertyValues(
            "signinflow.clerk.frontend-api-url=" + emulator.baseUrl(),
            "signinflow.store.type=redis",
            "signinflow.store.redis.key-prefix=" + prefix)
        .withPropertyValues(more);
  }

  private static synchronized String prefix() {
    return "boot" + (++prefixes) + ":";
  }

  @Test
  void oneServerHoldsTheFlowAndTheSealedTokens() {
    String prefix = prefix();
    runner(
            prefix,
            "signinflow.store.redis.uri=" + single.uri(),
            "signinflow.store.redis.keyring.current=k1",
            "signinflow.store.redis.keyring.keys.k1=" + KEY_ONE,
            "signinflow.store.redis.keyring.keys.k0=" + KEY_TWO)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx.getBean(FlowStore.class)).isInstanceOf(RedisFlowStore.class);
              assertThat(ctx.getBean(ClientTokenStore.class))
                  .isInstanceOf(RedisClientTokenStore.class);
              assertThat(ctx.getBean(SessionTokenCache.class))
                  .isInstanceOf(RedisSessionTokenCache.class);
              assertThat(ctx.getBean(TokenKeyring.class).keyIds()).containsExactly("k1", "k0");
              try (RedisClient client = RedisClient.create(single.uri());
                  StatefulRedisConnection<String, String> look = client.connect()) {
                signInAndCheckRedis(ctx, prefix, look.sync()::get, look.sync()::hget, "k1");
              }
            });
  }

  @Test
  void aClusterOfThreeMastersHoldsTheFlowAndTheSealedTokens() {
    String prefix = prefix();
    List<String> uris = cluster.uris();
    runner(
            prefix,
            "signinflow.store.redis.uri=" + uris.get(0),
            "signinflow.store.redis.cluster=true",
            "signinflow.store.redis.cluster-nodes="
                + uris.get(1).substring("redis://".length())
                + ","
                + uris.get(2).substring("redis://".length()),
            "signinflow.store.redis.keyring.keys.k1=" + KEY_ONE)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed().hasSingleBean(RedisClusterClient.class);
              assertThat(ctx).doesNotHaveBean(RedisClient.class);
              try (RedisClusterClient client = RedisClusterClient.create(uris.get(0));
                  StatefulRedisClusterConnection<String, String> look = client.connect()) {
                signInAndCheckRedis(ctx, prefix, look.sync()::get, look.sync()::hget, "k1");
              }
            });
  }

  interface Get {
    String get(String key);
  }

  interface HGet {
    String hget(String key, String field);
  }

  /** Ada signs in through the engine bean; Redis holds her flow, and her tokens only sealed. */
  private void signInAndCheckRedis(
      AssertableApplicationContext ctx, String prefix, Get get, HGet hget, String keyId) {
    SignInEngine engine = ctx.getBean(SignInEngine.class);
    DeviceId device = DeviceId.of("browser-" + prefix.replace(":", ""));
    SignInFlow flow = engine.startFlow(device);
    String flowKey = prefix + "flow:{" + flow.id().orElseThrow().value() + "}";
    assertThat(hget.hget(flowKey, "snap")).contains("IDENTIFYING");

    assertThat(flow.submitPassword(DemoSeed.ADA, DemoSeed.PASSWORD).state())
        .isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    assertThat(hget.hget(flowKey, "snap")).contains("NEEDS_CLIENT_TRUST");
    String code = fake.lastCodeSentTo(DemoSeed.ADA).orElseThrow();
    SignInFlow again = engine.flow(flow.id().orElseThrow()).orElseThrow();
    assertThat(again.verifyCode(code).state()).isEqualTo(SignInState.COMPLETE);
    assertThat(again.finalizeSession().succeeded()).isTrue();
    SessionToken jwt = engine.sessionToken(device).ok().orElseThrow();

    String clientToken = ctx.getBean(ClientTokenStore.class).load(device).orElseThrow().reveal();
    String sealedToken = get.get(prefix + "token:{" + device.value() + "}");
    assertThat(sealedToken).startsWith("sf1." + keyId + ".").doesNotContain(clientToken);
    String sealedJwt = get.get(prefix + "session:{" + device.value() + "}");
    assertThat(sealedJwt).startsWith("sf1." + keyId + ".").doesNotContain(jwt.reveal());
  }

  @Test
  void theUriAndTheKeysComeFromEnvironmentVariables() {
    runner(prefix())
        .withInitializer(
            ctx ->
                ctx.getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            Map.<String, Object>of(
                                "SIGNINFLOW_STORE_REDIS_URI",
                                single.uri(),
                                "SIGNINFLOW_STORE_REDIS_KEYRING_CURRENT",
                                "k1",
                                "SIGNINFLOW_STORE_REDIS_KEYRING_KEYS_K1",
                                KEY_ONE,
                                "SIGNINFLOW_STORE_REDIS_KEYRING_KEYS_K0",
                                KEY_TWO))))
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx.getBean(TokenKeyring.class).currentKeyId()).isEqualTo("k1");
              assertThat(ctx.getBean(TokenKeyring.class).keyIds()).containsExactly("k1", "k0");
            });
  }

  @Test
  void aPasswordFromItsOwnPropertyOpensAGuardedServerAndShowsNowhere() {
    String prefix = prefix();
    runner(
            prefix,
            "signinflow.store.redis.uri=redis://127.0.0.1:" + guarded.port(),
            "signinflow.store.redis.password=" + PASSWORD,
            "signinflow.store.redis.keyring.keys.k1=" + KEY_ONE)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              SignInFlow flow = ctx.getBean(SignInEngine.class).startFlow(DeviceId.of("d"));
              assertThat(ctx.getBean(SignInEngine.class).flow(flow.id().orElseThrow())).isPresent();
              assertThat(ctx.getBean(SignInFlowProperties.class).toString())
                  .doesNotContain(PASSWORD)
                  .doesNotContain(KEY_ONE)
                  .contains("[redacted]");
              assertThat(ctx.getBean(RedisClient.class).toString()).doesNotContain(PASSWORD);
            });
  }

  @Test
  void aWrongPasswordStopsTheStartWithoutRepeatingIt() {
    String wrong = "Wr0ngPassw0rdXyz";
    runner(
            prefix(),
            "signinflow.store.redis.uri=redis://signin:" + wrong + "@127.0.0.1:" + guarded.port(),
            "signinflow.store.redis.keyring.keys.k1=" + KEY_ONE)
        .run(
            ctx -> {
              FailureAnalysis a = analysis(ctx);
              assertThat(a.getDescription())
                  .contains("could not connect to Redis at redis://signin:[redacted]@127.0.0.1")
                  .doesNotContain(wrong);
              assertThat(a.getAction()).contains("password");
              assertThat(fullTrace(ctx.getStartupFailure())).doesNotContain(wrong);
            });
  }

  @Test
  void aMissingKeyringIsAClearStartupFailure() {
    runner(prefix(), "signinflow.store.redis.uri=" + single.uri())
        .run(
            ctx -> {
              FailureAnalysis a = analysis(ctx);
              assertThat(a.getDescription())
                  .startsWith("signinflow: signinflow.store.type=redis, but")
                  .contains("signinflow.store.redis.keyring.keys holds no key");
              assertThat(a.getAction()).contains("openssl rand -base64 32");
            });
  }

  @Test
  void malformedKeysAreRefusedByIdNeverByValue() {
    String notBase64 = "this is not base64 at all!";
    String tooShort = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    for (String[] bad :
        new String[][] {
          {"signinflow.store.redis.keyring.keys.k1=" + notBase64},
          {"signinflow.store.redis.keyring.keys.k1=" + tooShort},
          {
            "signinflow.store.redis.keyring.keys.k1=" + KEY_ONE,
            "signinflow.store.redis.keyring.keys.k2=" + KEY_TWO
          },
          {
            "signinflow.store.redis.keyring.current=k9",
            "signinflow.store.redis.keyring.keys.k1=" + KEY_ONE
          }
        }) {
      runner(prefix(), "signinflow.store.redis.uri=" + single.uri())
          .withPropertyValues(bad)
          .run(
              ctx -> {
                FailureAnalysis a = analysis(ctx);
                assertThat(a.getDescription())
                    .as(Arrays.toString(bad))
                    .contains("signinflow.store.redis.keyring")
                    .doesNotContain(notBase64)
                    .doesNotContain(tooShort)
                    .doesNotContain(KEY_ONE)
                    .doesNotContain(KEY_TWO);
                assertThat(fullTrace(ctx.getStartupFailure()))
                    .doesNotContain(notBase64)
                    .doesNotContain(KEY_ONE);
              });
    }
  }

  @Test
  void aMissingOrMalformedUriIsAClearStartupFailure() {
    runner(prefix(), "signinflow.store.redis.keyring.keys.k1=" + KEY_ONE)
        .run(
            ctx ->
                assertThat(analysis(ctx).getDescription())
                    .contains("signinflow.store.redis.uri is not set"));
    for (String bad :
        new String[] {
          "redis://user:" + PASSWORD + "@127.0.0.1:notaport",
          "http://user:" + PASSWORD + "@127.0.0.1:6379",
          "redis://:" + PASSWORD + "@"
        }) {
      runner(
              prefix(),
              "signinflow.store.redis.uri=" + bad,
              "signinflow.store.redis.keyring.keys.k1=" + KEY_ONE)
          .run(
              ctx -> {
                FailureAnalysis a = analysis(ctx);
                assertThat(a.getDescription())
                    .as(bad)
                    .contains("signinflow.store.redis.uri (")
                    .contains("[redacted]")
                    .doesNotContain(PASSWORD);
                assertThat(fullTrace(ctx.getStartupFailure())).doesNotContain(PASSWORD);
              });
    }
    runner(
            prefix(),
            "signinflow.store.redis.uri=" + single.uri(),
            "signinflow.store.redis.cluster-nodes=127.0.0.1:7000",
            "signinflow.store.redis.keyring.keys.k1=" + KEY_ONE)
        .run(
            ctx ->
                assertThat(analysis(ctx).getDescription())
                    .contains("signinflow.store.redis.cluster is not true"));
  }

  @Test
  void aTokenSealedWithAnotherKeyUnderTheSameIdFailsClearly() {
    String prefix = prefix();
    DeviceId device = DeviceId.of("shared-device");
    runner(
            prefix,
            "signinflow.store.redis.uri=" + single.uri(),
            "signinflow.store.redis.keyring.keys.k1=" + KEY_ONE)
        .run(
            ctx ->
                ctx.getBean(ClientTokenStore.class)
                    .save(device, dev.signinflow.engine.spi.ClientToken.of("client-token-xyz")));
    runner(
            prefix,
            "signinflow.store.redis.uri=" + single.uri(),
            "signinflow.store.redis.keyring.keys.k1=" + KEY_TWO)
        .run(
            ctx ->
                assertThatThrownBy(() -> ctx.getBean(ClientTokenStore.class).load(device))
                    .isInstanceOfSatisfying(
                        TokenStoreException.class,
                        e ->
                            assertThat(e.reason()).isEqualTo(TokenStoreException.Reason.UNREADABLE))
                    .hasMessageContaining("k1")
                    .hasMessageNotContaining(KEY_ONE)
                    .hasMessageNotContaining(KEY_TWO)
                    .hasMessageNotContaining("client-token-xyz"));
  }

  @Test
  void theConnectionIsClosedAndTheClientShutDownWithTheContext() {
    StatefulRedisConnection<?, ?>[] connection = new StatefulRedisConnection<?, ?>[1];
    RedisClient[] client = new RedisClient[1];
    runner(
            prefix(),
            "signinflow.store.redis.uri=" + single.uri(),
            "signinflow.store.redis.keyring.keys.k1=" + KEY_ONE)
        .run(
            ctx -> {
              connection[0] = ctx.getBean(StatefulRedisConnection.class);
              client[0] = ctx.getBean(RedisClient.class);
              assertThat(connection[0].isOpen()).isTrue();
            });
    assertThat(connection[0].isOpen()).isFalse();
    assertThat(client[0].getResources().eventExecutorGroup().isShuttingDown()).isTrue();
  }

  @Test
  void theApplicationsOwnKeyringAndStoresWin() {
    TokenKeyring mine = TokenKeyring.of("mine", key("mine"));
    FlowStore flows = FlowStore.inMemory();
    runner(prefix(), "signinflow.store.redis.uri=" + single.uri())
        .withBean(TokenKeyring.class, () -> mine)
        .withBean(FlowStore.class, () -> flows)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx.getBean(TokenKeyring.class)).isSameAs(mine);
              assertThat(ctx.getBean(FlowStore.class)).isSameAs(flows);
              assertThat(ctx.getBean(ClientTokenStore.class))
                  .isInstanceOf(RedisClientTokenStore.class);
            });
  }

  @Test
  void actuatorShowsOtherValuesButNeitherThePasswordNorTheKeys() {
    runner(
            prefix(),
            "signinflow.store.redis.uri=redis://:" + PASSWORD + "@127.0.0.1:" + guarded.port(),
            "signinflow.store.redis.password=" + PASSWORD,
            "signinflow.store.redis.keyring.current=k1",
            "signinflow.store.redis.keyring.keys.k1=" + KEY_ONE,
            "signinflow.store.redis.keyring.keys.k0=" + KEY_TWO,
            "spring.jmx.enabled=true",
            "management.endpoints.jmx.exposure.include=env,configprops",
            "management.endpoint.env.show-values=always",
            "management.endpoint.configprops.show-values=always")
        .withConfiguration(
            AutoConfigurations.of(
                EndpointAutoConfiguration.class,
                EnvironmentEndpointAutoConfiguration.class,
                ConfigurationPropertiesReportEndpointAutoConfiguration.class))
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              String env = json(ctx.getBean(EnvironmentEndpoint.class).environment(null));
              String props =
                  json(
                      ctx.getBean(ConfigurationPropertiesReportEndpoint.class)
                          .configurationProperties());
              // The secrets' properties are listed, their values masked.
              assertThat(env)
                  .contains("signinflow.store.redis.keyring.keys.k1")
                  .contains("signinflow.store.redis.password");
              assertThat(props).contains("\"k1\"").contains("\"password\"");
              for (String shown : new String[] {env, props}) {
                assertThat(shown)
                    .contains("signinflow")
                    .contains("boot") // the key prefix, not a secret, is shown
                    .doesNotContain(PASSWORD)
                    .doesNotContain(KEY_ONE)
                    .doesNotContain(KEY_TWO);
              }
            });
  }

  @Test
  void theSanitizerMatchesEverySpellingOfTheRedisSecrets() {
    for (String key :
        new String[] {
          "signinflow.store.redis.uri",
          "SIGNINFLOW_STORE_REDIS_URI",
          "signinflow.store.redis.password",
          "SIGNINFLOW_STORE_REDIS_PASSWORD",
          "signinflow.store.redis.keyring.keys.k1",
          "signinflow.store.redis.keyring.keys[k1]",
          "SIGNINFLOW_STORE_REDIS_KEYRING_KEYS_K1",
          "signinflow.clerk.proxy.secret-key"
        }) {
      assertThat(SignInFlowAutoConfiguration.isSecret(key)).as(key).isTrue();
    }
    for (String key :
        new String[] {
          "signinflow.store.redis.key-prefix",
          "signinflow.store.redis.keyring.current",
          "signinflow.store.redis.cluster-nodes",
          "signinflow.clerk.frontend-api-url"
        }) {
      assertThat(SignInFlowAutoConfiguration.isSecret(key)).as(key).isFalse();
    }
  }

  @Test
  void redactedUrisKeepEverythingButThePassword() {
    assertThat(RedisUris.redacted("redis://user:pa:ss@h:1/0?x=y"))
        .isEqualTo("redis://user:[redacted]@h:1/0?x=y");
    assertThat(RedisUris.redacted("rediss://secret@h:1")).isEqualTo("rediss://[redacted]@h:1");
    assertThat(RedisUris.redacted("redis://u:p/a@ss@h")).isEqualTo("redis://u:[redacted]@h");
    assertThat(RedisUris.redacted("redis://h:6379")).isEqualTo("redis://h:6379");
    assertThat(RedisUris.redacted(null)).isEqualTo("null");
  }

  private static FailureAnalysis analysis(AssertableApplicationContext ctx) {
    assertThat(ctx).hasFailed();
    FailureAnalysis a = new SignInFlowFailureAnalyzer().analyze(ctx.getStartupFailure());
    assertThat(a).as("the starter's failure analysis of %s", ctx.getStartupFailure()).isNotNull();
    return a;
  }

  private static String fullTrace(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }

  private static String json(Object descriptor) throws Exception {
    return new ObjectMapper().findAndRegisterModules().writeValueAsString(descriptor);
  }

  /** 32 bytes from a label: distinct labels, distinct keys. */
  static byte[] key(String label) {
    byte[] k = Arrays.copyOf(("boot-key-" + label).getBytes(StandardCharsets.UTF_8), 32);
    k[31] = (byte) label.hashCode();
    k[30] = 1;
    return k;
  }

  private static String base64(byte[] key) {
    return Base64.getEncoder().encodeToString(key);
  }
}
