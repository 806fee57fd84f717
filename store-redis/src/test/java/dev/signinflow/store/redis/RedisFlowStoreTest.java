package dev.signinflow.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.engine.FlowId;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.engine.spi.FlowStoreException;
import dev.signinflow.engine.spi.StoredFlow;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the Redis flow store adds to the contract: its keys, their lifetimes, its scripts. */
@RealRedis
class RedisFlowStoreTest {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final Instant EXPIRES = T0.plus(Duration.ofHours(24));
  private static final String SNAPSHOT = "{\"state\":\"IDENTIFYING\",\"secretish\":\"s3cr3t\"}";

  private final Random random = new Random(11);
  private final String prefix = SharedRedis.prefix();
  private final RedisCommands<String, String> redis = SharedRedis.standalone().connection().sync();
  private final RedisFlowStore store =
      RedisFlowStore.builder(SharedRedis.standalone().connection()).keyPrefix(prefix).build();

  private FlowId created() {
    FlowId id = FlowId.random(random);
    store.create(id, SNAPSHOT, EXPIRES, T0);
    return id;
  }

  @Test
  void aFlowIsAHashAndAFenceCounterUnderThePrefixWithTheFlowIdAsHashTag() {
    FlowId id = created();
    FlowStore.Leased l = (FlowStore.Leased) store.lease(id, T0, T0.plusSeconds(60));

    String flowKey = prefix + "flow:{" + id.value() + "}";
    String fenceKey = prefix + "fence:{" + id.value() + "}";
    Map<String, String> hash = redis.hgetall(flowKey);
    assertThat(hash).containsEntry("snap", SNAPSHOT).containsEntry("ver", "1");
    assertThat(hash.get("exp")).isEqualTo(Long.toString(EXPIRES.toEpochMilli() * 1000));
    assertThat(hash.get("lu")).isEqualTo(Long.toString(T0.plusSeconds(60).toEpochMilli() * 1000));
    assertThat(redis.get(fenceKey)).isEqualTo(Long.toString(l.lease().fence()));
    assertThat(SlotHash.getSlot(flowKey)).isEqualTo(SlotHash.getSlot(fenceKey));
    assertThat(redis.keys(prefix + "*")).containsExactlyInAnyOrder(flowKey, fenceKey);
  }

  @Test
  void keysLiveForTheFlowsRemainingLifeByTheEnginesClockPlusAMargin() {
    // The engine's clock is years from the real one: the keys' lives follow expiresAt - now.
    Instant farNow = Instant.parse("2031-01-01T00:00:00Z");
    FlowId id = FlowId.random(random);
    store.create(id, SNAPSHOT, farNow.plus(Duration.ofHours(2)), farNow);
    store.lease(id, farNow, farNow.plusSeconds(60));

    long flowTtl = redis.pttl(prefix + "flow:{" + id.value() + "}");
    long fenceTtl = redis.pttl(prefix + "fence:{" + id.value() + "}");
    long expected = Duration.ofHours(2).plus(RedisFlowStore.EXPIRY_MARGIN).toMillis();
    assertThat(flowTtl).isBetween(expected - 60_000, expected);
    assertThat(fenceTtl).isGreaterThan(flowTtl + RedisFlowStore.FENCE_KEPT.toMillis() - 60_000);
  }

  @Test
  void aCommitMovesTheKeysLifeToTheNewExpiry() {
    FlowId id = created();
    FlowStore.Leased l = (FlowStore.Leased) store.lease(id, T0, T0.plusSeconds(60));

    store.commit(l.lease(), "v2", T0.plus(Duration.ofHours(48)), T0.plusSeconds(1));

    long expected = Duration.ofHours(48).plus(RedisFlowStore.EXPIRY_MARGIN).toMillis();
    assertThat(redis.pttl(prefix + "flow:{" + id.value() + "}"))
        .isBetween(expected - 60_000, expected);
  }

  @Test
  void timesKeepTheirMicrosecondsAndAnExpiryIsNeverMovedEarlier() {
    FlowId micro = FlowId.random(random);
    Instant exp = EXPIRES.plusNanos(123_456_000);
    store.create(micro, "m", exp, T0);
    assertThat(store.load(micro, T0).orElseThrow().expiresAt()).isEqualTo(exp);

    FlowId nano = FlowId.random(random);
    store.create(nano, "n", EXPIRES.plusNanos(1), T0);
    assertThat(store.load(nano, T0).orElseThrow().expiresAt()).isEqualTo(EXPIRES.plusNanos(1000));
    assertThat(store.load(nano, EXPIRES)).isPresent();
  }

  @Test
  void aLeaseOfADeletedAndRecreatedFlowCannotSaveIntoTheNewOne() {
    FlowId id = created();
    FlowStore.Leased old = (FlowStore.Leased) store.lease(id, T0, T0.plusSeconds(60));
    store.delete(id);
    store.create(id, "new", EXPIRES, T0.plusSeconds(1));
    FlowStore.Leased fresh =
        (FlowStore.Leased) store.lease(id, T0.plusSeconds(2), T0.plusSeconds(62));
    store.release(fresh.lease());

    assertThat(fresh.lease().fence()).isGreaterThan(old.lease().fence());
    assertThat(store.commit(old.lease(), "stale", EXPIRES, T0.plusSeconds(3))).isFalse();
    assertThat(store.load(id, T0.plusSeconds(3))).hasValue(new StoredFlow("new", 1, EXPIRES));
  }

  @Test
  void scriptsTheServerForgotAreSentAgain() {
    FlowId id = created();
    redis.scriptFlush();

    FlowStore.Leased l = (FlowStore.Leased) store.lease(id, T0, T0.plusSeconds(60));
    redis.scriptFlush();
    assertThat(store.commit(l.lease(), "v2", EXPIRES, T0)).isTrue();

    assertThat(store.load(id, T0).orElseThrow().snapshotJson()).isEqualTo("v2");
  }

  @Test
  void keysThatHoldSomethingElseAreAStoreFailureThatShowsNoSnapshot() {
    FlowId id = created();
    redis.hset(prefix + "flow:{" + id.value() + "}", "ver", "not-a-number");

    assertThatThrownBy(() -> store.load(id, T0))
        .isInstanceOf(FlowStoreException.class)
        .hasMessageContaining(id.toString())
        .hasMessageNotContaining(id.value())
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void toStringShowsThePrefixAndTimeoutOnly() {
    assertThat(store.toString()).isEqualTo("RedisFlowStore[prefix=" + prefix + ", timeout=2000ms]");
  }

  @Test
  void prefixesWithBracesOrWhiteSpaceAreRefused() {
    var builder = RedisFlowStore.builder(SharedRedis.standalone().connection());

    assertThatThrownBy(() -> builder.keyPrefix("app:{x}:"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.keyPrefix("my app:"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.keyPrefix("x".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(builder.keyPrefix("").build().toString()).contains("prefix=,");
  }

  @Test
  void aTimeoutThatIsNotPositiveIsRefused() {
    var builder = RedisFlowStore.builder(SharedRedis.standalone().connection());

    assertThatThrownBy(() -> builder.commandTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aConnectionWhoseCodecDoesNotKeepUtf8IsRefused() {
    RedisClient client = SharedRedis.client(SharedRedis.standalone().server().uri());
    try (StatefulRedisConnection<String, String> ascii = client.connect(StringCodec.ASCII)) {
      assertThatThrownBy(() -> RedisFlowStore.builder(ascii).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("StringCodec.UTF8");
    } finally {
      client.shutdown();
    }
  }

  @Test
  void instantsOutsideWhatALuaNumberHoldsAreRefused() {
    FlowId id = FlowId.random(random);

    assertThatThrownBy(() -> store.create(id, "x", Instant.parse("2300-01-01T00:00:00Z"), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expiresAt");
    assertThatThrownBy(() -> store.load(id, Instant.parse("1969-12-31T23:59:59Z")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
