package dev.signinflow.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.FlowId;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeSignInGateway;
import dev.signinflow.transport.fake.FakeUser;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The multi-node set-up of docs/embedding.md is this class's compiled code, and it works: two
 * engines built by it share one Redis, and a flow started on one is completed on the other.
 */
@RealRedis
class MultiNodeSetupDocTest {
  private static final String ADA = "ada@example.com";
  private static final String PASSWORD = "correct horse battery staple";

  /** A node's engine and the client it opened. */
  record Node(SignInEngine engine, RedisClient redis) {}

  /** One node's engine, as docs/embedding.md shows it. */
  static Node node(String redisUri, String tokenKeyBase64, SignInGateway gateway, Clock clock) {
    // tag::multi-node[]
    RedisClient redis = RedisClient.create(redisUri); // rediss://user:password@host:6379
    StatefulRedisConnection<String, String> connection = redis.connect();
    TokenKeyring keys = TokenKeyring.of("2026-12", Base64.getDecoder().decode(tokenKeyBase64));
    SignInEngine engine =
        SignInEngine.builder()
            .gateway(gateway) // FeignSignInGateway in production
            .clock(clock)
            .flowStore(RedisFlowStore.builder(connection).keyPrefix("signin:").build())
            .clientTokenStore(
                RedisClientTokenStore.builder(connection, keys).keyPrefix("signin:").build())
            .sessionTokenCache(
                RedisSessionTokenCache.builder(connection, keys)
                    .keyPrefix("signin:")
                    .clock(clock)
                    .build())
            .build();
    // end::multi-node[]
    return new Node(engine, redis);
  }

  @Test
  void twoNodesBuiltAsTheDocShowsShareTheirFlows() {
    FakeClerk fake = FakeClerk.create();
    fake.addUser(FakeUser.withEmail(ADA).password(PASSWORD));
    String uri = SharedRedis.standalone().server().uri();
    String key = TestKeys.base64(TestKeys.key("doc"));
    Node nodeA = node(uri, key, FakeSignInGateway.over(fake), fake.clock());
    Node nodeB = node(uri, key, FakeSignInGateway.over(fake), fake.clock());
    try {
      twoNodes(fake, nodeA.engine(), nodeB.engine());
    } finally {
      nodeA.redis().shutdown();
      nodeB.redis().shutdown();
    }
  }

  private static void twoNodes(FakeClerk fake, SignInEngine a, SignInEngine b) {
    SignInFlow started = a.startFlow(DeviceId.of("doc-device-" + System.nanoTime()));
    started.submitPassword(ADA, PASSWORD);
    FlowId id = started.id().orElseThrow();
    SignInFlow onB = b.flow(id).orElseThrow();

    assertThat(onB.verifyCode(fake.lastCodeSentTo(ADA).orElseThrow()).state())
        .isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void theDocsSnippetIsThisCode() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("docs/embedding.md"))) {
      root = root.getParent();
    }
    String doc = Files.readString(root.resolve("docs/embedding.md"), StandardCharsets.UTF_8);
    String source =
        Files.readString(
            root.resolve(
                "store-redis/src/test/java/dev/signinflow/store/redis/MultiNodeSetupDocTest.java"),
            StandardCharsets.UTF_8);

    assertThat(normalize(block(doc, "<!-- java-multi-node -->")))
        .isEqualTo(normalize(region(source, "multi-node")));
  }

  private static String region(String source, String name) {
    List<String> lines = List.of(source.split("\n", -1));
    int from = -1;
    int to = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("// tag::" + name + "[]")) {
        from = i;
      } else if (lines.get(i).strip().equals("// end::" + name + "[]")) {
        to = i;
      }
    }
    assertThat(from).as("the %s region", name).isNotNegative().isLessThan(to);
    return String.join("\n", lines.subList(from + 1, to));
  }

  private static String block(String doc, String marker) {
    List<String> lines = List.of(doc.split("\n", -1));
    int at = lines.indexOf(marker);
    assertThat(at).as("%s in docs/embedding.md", marker).isNotNegative();
    assertThat(lines.get(at + 1)).isEqualTo("```java");
    List<String> block = new ArrayList<>();
    for (int i = at + 2; i < lines.size() && !lines.get(i).equals("```"); i++) {
      block.add(lines.get(i));
    }
    return String.join("\n", block);
  }

  /** Each line stripped of its indentation and trailing blanks; blank lines dropped. */
  private static String normalize(String code) {
    return code.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .reduce("", (x, y) -> x + y + "\n");
  }
}
