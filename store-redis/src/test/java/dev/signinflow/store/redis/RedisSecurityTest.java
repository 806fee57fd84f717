package dev.signinflow.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.FlowId;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.engine.spi.FlowStoreException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The set-ups docs/redis.md describes: an ACL user that may run only the stores' commands on the
 * stores' keys, with a password in the URI; and TLS, the server's certificate checked against the
 * application's CA.
 */
@RealRedis
class RedisSecurityTest {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

  /** The ACL rule of docs/redis.md, for the prefix {@code shop:signin:}. */
  static final List<String> ACL_USER =
      List.of(
          "signin",
          "on",
          ">s3cret-pass",
          "~shop:signin:*",
          "resetchannels",
          "-@all",
          "+get",
          "+set",
          "+del",
          "+hmget",
          "+hget",
          "+hset",
          "+exists",
          "+incr",
          "+pexpire",
          "+pttl",
          "+eval",
          "+evalsha",
          "+ping",
          "+hello",
          "+auth",
          "+client");

  private static List<String> aclArgs() {
    List<String> args = new java.util.ArrayList<>(List.of("--user", "default", "off", "--user"));
    args.addAll(ACL_USER);
    return args;
  }

  @Test
  void anAclUserWithOnlyTheStoresCommandsAndKeysRunsThemAll() {
    try (RedisServer server = RedisServer.start(false, port -> aclArgs())) {
      RedisClient client =
          SharedRedis.client("redis://signin:s3cret-pass@127.0.0.1:" + server.port());
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        RedisFlowStore flows = RedisFlowStore.builder(c).keyPrefix("shop:signin:").build();
        RedisClientTokenStore tokens =
            RedisClientTokenStore.builder(c, TestKeys.RING).keyPrefix("shop:signin:").build();
        RedisSessionTokenCache sessions =
            RedisSessionTokenCache.builder(c, TestKeys.RING)
                .keyPrefix("shop:signin:")
                .clock(dev.signinflow.engine.MutableClock.at(SessionTokenCacheContract.NOW))
                .build();
        FlowId id = FlowId.of("acl-flow-0123456789abc");
        DeviceId device = DeviceId.of("acl-device");

        flows.create(id, "{}", T0.plusSeconds(3600), T0);
        FlowStore.Leased l = (FlowStore.Leased) flows.lease(id, T0, T0.plusSeconds(60));
        assertThat(flows.commit(l.lease(), "{\"v\":2}", T0.plusSeconds(3600), T0)).isTrue();
        flows.release(l.lease());
        assertThat(flows.load(id, T0).orElseThrow().version()).isEqualTo(2);
        flows.delete(id);
        tokens.save(device, ClientToken.of("tok_acl"));
        assertThat(tokens.load(device)).hasValue(ClientToken.of("tok_acl"));
        tokens.forget(device);
        sessions.put(device, SessionTokenCacheContract.jwt("sess_acl", 1));
        assertThat(sessions.get(device)).isPresent();
        sessions.evict(device);

        // Outside its prefix the user may do nothing: a typed failure with the server's code.
        RedisFlowStore elsewhere = RedisFlowStore.builder(c).keyPrefix("other:").build();
        assertThatThrownBy(() -> elsewhere.create(id, "{\"secret\":1}", T0.plusSeconds(60), T0))
            .isInstanceOf(FlowStoreException.class)
            .hasMessageContaining("NOPERM")
            .hasMessageNotContaining("secret");
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void aWrongPasswordFailsAtConnect() {
    try (RedisServer server = RedisServer.start(false, port -> aclArgs())) {
      RedisClient client = SharedRedis.client("redis://signin:wrong@127.0.0.1:" + server.port());
      try {
        assertThatThrownBy(client::connect).isInstanceOf(RedisConnectionException.class);
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void overTlsTheStoresWorkAndThePlainPortIsClosed() throws Exception {
    Path certs = Files.createTempDirectory("signinflow-redis-tls-");
    try {
      makeCertificates(certs);
      try (RedisServer server =
          RedisServer.start(
              false,
              port ->
                  List.of(
                      "--port",
                      "0",
                      "--tls-port",
                      Integer.toString(port),
                      "--tls-cert-file",
                      certs.resolve("server.crt").toString(),
                      "--tls-key-file",
                      certs.resolve("server.key").toString(),
                      "--tls-ca-cert-file",
                      certs.resolve("ca.crt").toString(),
                      "--tls-auth-clients",
                      "no"))) {
        RedisURI uri =
            RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(server.port())
                .withSsl(true)
                .withVerifyPeer(SslVerifyMode.FULL)
                .build();
        RedisClient client = RedisClient.create(SharedRedis.resources(), uri);
        client.setOptions(
            ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .sslOptions(
                    SslOptions.builder()
                        .jdkSslProvider()
                        .trustManager(certs.resolve("ca.crt").toFile())
                        .build())
                .build());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
          RedisFlowStore flows = RedisFlowStore.builder(c).build();
          FlowId id = FlowId.of("tls-flow-0123456789abc");
          flows.create(id, "{}", T0.plusSeconds(3600), T0);
          assertThat(flows.load(id, T0)).isPresent();
        } finally {
          client.shutdown();
        }
        RedisClient plain = SharedRedis.client(server.uri());
        try {
          assertThatThrownBy(plain::connect).isInstanceOf(RedisConnectionException.class);
        } finally {
          plain.shutdown();
        }
      }
    } finally {
      try (var files = Files.list(certs)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(certs);
    }
  }

  /** A CA and a server certificate for 127.0.0.1 it signed, with openssl (EC P-256, 2 days). */
  private static void makeCertificates(Path dir) {
    Path ext = dir.resolve("ext.cnf");
    try {
      Files.writeString(ext, "subjectAltName=IP:127.0.0.1\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String ec = "ec_paramgen_curve:prime256v1";
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        ec,
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "2",
        "-subj",
        "/CN=signinflow-test-ca");
    openssl(
        dir,
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        ec,
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1");
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "2",
        "-extfile",
        ext.toString());
  }

  private static void openssl(Path dir, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("openssl.log").toFile())
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "openssl failed: " + command + "\n" + Files.readString(dir.resolve("openssl.log")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
