package dev.signinflow.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.MutableClock;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.SessionToken;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Tokens at rest: sealed, bound to their device and kind, readable across a key rotation, and a
 * value that does not open is a typed error — never another device's token, never a token in a
 * message.
 */
@RealRedis
class RedisTokenStoresTest {
  private static final String TOKEN = "eyJjbGllbnQiOiJzZWNyZXQtY2xpZW50LXRva2VuIn0.c2ln.Zm9v";
  private static final DeviceId ADA = DeviceId.of("ada-laptop");
  private static final DeviceId EVE = DeviceId.of("eve-phone");

  private final String prefix = SharedRedis.prefix();
  private final RedisCommands<String, String> redis = SharedRedis.standalone().connection().sync();
  private final MutableClock clock = MutableClock.at(SessionTokenCacheContract.NOW);

  private RedisClientTokenStore tokens(TokenKeyring keys) {
    return RedisClientTokenStore.builder(SharedRedis.standalone().connection(), keys)
        .keyPrefix(prefix)
        .build();
  }

  private RedisSessionTokenCache sessions(TokenKeyring keys) {
    return RedisSessionTokenCache.builder(SharedRedis.standalone().connection(), keys)
        .keyPrefix(prefix)
        .clock(clock)
        .build();
  }

  private String tokenKey(DeviceId d) {
    return prefix + "token:{" + d.value() + "}";
  }

  private String sessionKey(DeviceId d) {
    return prefix + "session:{" + d.value() + "}";
  }

  @Test
  void aDumpOfRedisHoldsNoTokenInTheClear() throws IOException {
    SessionToken jwt = SessionTokenCacheContract.jwt("sess_dump", 1);
    tokens(TestKeys.RING).save(ADA, ClientToken.of(TOKEN));
    sessions(TestKeys.RING).put(ADA, jwt);

    // Every value under the prefix, as a client would read it...
    for (String key : redis.keys(prefix + "*")) {
      String value = redis.get(key);
      assertThat(value).doesNotContain(TOKEN).doesNotContain(jwt.reveal()).startsWith("sf1.k1.");
    }
    // ...and the server's own dump, uncompressed so that a token in the clear would show.
    redis.configSet("rdbcompression", "no");
    redis.save();
    byte[] dump = Files.readAllBytes(SharedRedis.standalone().server().dir().resolve("dump.rdb"));
    String text = new String(dump, StandardCharsets.ISO_8859_1);
    assertThat(text).contains(tokenKey(ADA)).doesNotContain(TOKEN).doesNotContain(jwt.reveal());
  }

  @Test
  void anotherDevicesValueCopiedOverIsRefusedNeverHandedOut() {
    RedisClientTokenStore store = tokens(TestKeys.RING);
    store.save(ADA, ClientToken.of(TOKEN));
    store.save(EVE, ClientToken.of("eve-token"));

    redis.set(tokenKey(EVE), redis.get(tokenKey(ADA)));

    assertThatThrownBy(() -> store.load(EVE))
        .isInstanceOfSatisfying(
            TokenStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenStoreException.Reason.UNREADABLE))
        .hasMessageContaining("eve-phone")
        .hasMessageNotContaining(TOKEN);
    assertThat(store.load(ADA).map(ClientToken::reveal)).hasValue(TOKEN);
  }

  @Test
  void aSessionTokenCopiedOverAClientTokenIsRefused() {
    sessions(TestKeys.RING).put(ADA, SessionTokenCacheContract.jwt("sess_1", 1));

    redis.set(tokenKey(ADA), redis.get(sessionKey(ADA)));

    assertThatThrownBy(() -> tokens(TestKeys.RING).load(ADA))
        .isInstanceOfSatisfying(
            TokenStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenStoreException.Reason.UNREADABLE));
  }

  @Test
  void afterARotationOldValuesOpenAndNewOnesAreSealedWithTheNewKey() {
    tokens(TestKeys.RING).save(ADA, ClientToken.of(TOKEN));
    TokenKeyring rotated =
        TokenKeyring.builder()
            .current("k2", TestKeys.key("two"))
            .older("k1", TestKeys.key("one"))
            .build();
    RedisClientTokenStore store = tokens(rotated);

    assertThat(store.load(ADA).map(ClientToken::reveal)).hasValue(TOKEN);
    store.save(ADA, ClientToken.of(TOKEN));

    assertThat(redis.get(tokenKey(ADA))).startsWith("sf1.k2.");
    assertThat(TokenKeyring.keyIdOf(redis.get(tokenKey(ADA)))).hasValue("k2");
    // Once k1 is dropped, the rewritten value still opens.
    assertThat(tokens(TokenKeyring.of("k2", TestKeys.key("two"))).load(ADA))
        .hasValue(ClientToken.of(TOKEN));
  }

  @Test
  void aValueSealedWithADroppedKeyIsUnreadableAndSaysWhichKey() {
    tokens(TestKeys.RING).save(ADA, ClientToken.of(TOKEN));

    assertThatThrownBy(() -> tokens(TokenKeyring.of("k2", TestKeys.key("two"))).load(ADA))
        .isInstanceOfSatisfying(
            TokenStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenStoreException.Reason.UNREADABLE))
        .hasMessageContaining("'k1'")
        .hasMessageContaining("does not hold");
  }

  @Test
  void anotherKeyUnderTheSameIdIsUnreadable() {
    tokens(TestKeys.RING).save(ADA, ClientToken.of(TOKEN));

    assertThatThrownBy(() -> tokens(TokenKeyring.of("k1", TestKeys.key("other"))).load(ADA))
        .isInstanceOfSatisfying(
            TokenStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenStoreException.Reason.UNREADABLE))
        .hasMessageContaining("does not open");
  }

  @Test
  void corruptValuesAreUnreadable() {
    RedisClientTokenStore store = tokens(TestKeys.RING);
    store.save(ADA, ClientToken.of(TOKEN));
    String sealed = redis.get(tokenKey(ADA));
    char last = sealed.charAt(sealed.length() - 1);
    String[] corrupt = {
      sealed.substring(0, sealed.length() - 1) + (last == 'A' ? 'B' : 'A'),
      "plain-token",
      "sf1.k1.",
      "sf1.k1.!!!",
      "sf1.{bad}.AAAA",
      "sf2.k1." + sealed.substring(7),
    };
    for (String value : corrupt) {
      redis.set(tokenKey(ADA), value);
      assertThatThrownBy(() -> store.load(ADA))
          .as(value)
          .isInstanceOfSatisfying(
              TokenStoreException.class,
              e -> assertThat(e.reason()).isEqualTo(TokenStoreException.Reason.UNREADABLE))
          .hasMessageNotContaining(TOKEN)
          .hasMessageNotContaining(value);
    }
  }

  @Test
  void forgettingADeviceMakesItNew() {
    RedisClientTokenStore store = tokens(TestKeys.RING);
    store.save(ADA, ClientToken.of(TOKEN));

    store.forget(ADA);

    assertThat(store.load(ADA)).isEmpty();
  }

  @Test
  void clientTokensHaveNoExpiryUnlessAnIdleExpiryIsGiven() {
    tokens(TestKeys.RING).save(ADA, ClientToken.of(TOKEN));
    assertThat(redis.pttl(tokenKey(ADA))).isEqualTo(-1);

    RedisClientTokenStore.builder(SharedRedis.standalone().connection(), TestKeys.RING)
        .keyPrefix(prefix)
        .idleExpiry(Duration.ofDays(90))
        .build()
        .save(EVE, ClientToken.of(TOKEN));
    assertThat(redis.pttl(tokenKey(EVE)))
        .isBetween(Duration.ofDays(90).toMillis() - 60_000, Duration.ofDays(90).toMillis());
  }

  @Test
  void aSessionTokenLivesInRedisUntilItsExpiryByTheGivenClock() {
    // The clock is far from the real one: the time to live is exp - clock, not exp - real time.
    Instant exp = clock.instant().plusSeconds(60);
    sessions(TestKeys.RING).put(ADA, SessionTokenCacheContract.jwt("sess_1", 1, exp));

    assertThat(redis.pttl(sessionKey(ADA))).isBetween(50_000L, 60_000L);
  }

  @Test
  void anExpiredSessionTokenIsNotKeptAndDropsThePreviousOne() {
    RedisSessionTokenCache cache = sessions(TestKeys.RING);
    cache.put(ADA, SessionTokenCacheContract.jwt("sess_1", 1));

    cache.put(ADA, SessionTokenCacheContract.jwt("sess_1", 2, clock.instant()));

    assertThat(cache.get(ADA)).isEmpty();
    assertThat(redis.exists(sessionKey(ADA))).isZero();
  }

  @Test
  void aClientTokenAndASessionTokenOfOneDeviceShareASlot() {
    assertThat(io.lettuce.core.cluster.SlotHash.getSlot(tokenKey(ADA)))
        .isEqualTo(io.lettuce.core.cluster.SlotHash.getSlot(sessionKey(ADA)));
  }

  @Test
  void toStringsShowKeyIdsOnly() {
    TokenKeyring keys =
        TokenKeyring.builder()
            .current("k2", TestKeys.key("two"))
            .older("k1", TestKeys.key("one"))
            .build();

    String all = keys + " " + tokens(keys) + " " + sessions(keys);

    assertThat(all)
        .contains("current=k2", "older=[k1]", "prefix=" + prefix)
        .doesNotContain(Base64.getEncoder().encodeToString(TestKeys.key("two")))
        .doesNotContain("test-key");
  }
}
