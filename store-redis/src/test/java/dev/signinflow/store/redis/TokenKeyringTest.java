package dev.signinflow.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TokenKeyringTest {
  private static final String SECRET = "tok_secret_value";

  @Test
  void aSealedValueOpensForItsKindAndDeviceOnly() {
    TokenKeyring keys = TestKeys.RING;
    String sealed = keys.seal("client-token", "ada", SECRET);

    assertThat(keys.open("client-token", "ada", sealed)).isEqualTo(SECRET);
    assertThatThrownBy(() -> keys.open("client-token", "eve", sealed))
        .isInstanceOf(TokenStoreException.class);
    assertThatThrownBy(() -> keys.open("session-token", "ada", sealed))
        .isInstanceOf(TokenStoreException.class);
  }

  @Test
  void sealingTwiceGivesTwoValues() {
    String a = TestKeys.RING.seal("client-token", "ada", SECRET);
    String b = TestKeys.RING.seal("client-token", "ada", SECRET);

    assertThat(a).isNotEqualTo(b).doesNotContain(SECRET);
  }

  @Test
  void keysAreAesSizedNotZeroAndIdsAreShortAndUnique() {
    assertThatThrownBy(() -> TokenKeyring.of("k1", new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16, 24 or 32 bytes, was 31");
    assertThatThrownBy(() -> TokenKeyring.of("k1", new byte[32]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("all zeros");
    assertThatThrownBy(() -> TokenKeyring.of("k.1", TestKeys.key("a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenKeyring.of("k".repeat(33), TestKeys.key("a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                TokenKeyring.builder()
                    .current("k1", TestKeys.key("a"))
                    .older("k1", TestKeys.key("b")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                TokenKeyring.builder()
                    .current("k1", TestKeys.key("a"))
                    .current("k2", TestKeys.key("b")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenKeyring.builder().older("k1", TestKeys.key("a")).build())
        .isInstanceOf(IllegalStateException.class);
    assertThat(TokenKeyring.of("k16", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6}))
        .isNotNull();
  }

  @Test
  void theCurrentKeyComesFirstWhateverTheOrderGiven() {
    TokenKeyring keys =
        TokenKeyring.builder()
            .older("k1", TestKeys.key("one"))
            .current("k3", new SecretKeySpec(TestKeys.key("three"), "AES"))
            .older("k2", TestKeys.key("two"))
            .build();

    assertThat(keys.currentKeyId()).isEqualTo("k3");
    assertThat(keys.keyIds()).containsExactly("k3", "k1", "k2");
    assertThat(keys.seal("client-token", "ada", SECRET)).startsWith("sf1.k3.");
  }

  @Test
  void theCallersArrayCanBeWipedAfterwards() {
    byte[] key = TestKeys.key("wipe");
    TokenKeyring keys = TokenKeyring.of("k1", key);
    String sealed = keys.seal("client-token", "ada", SECRET);

    java.util.Arrays.fill(key, (byte) 0);

    assertThat(keys.open("client-token", "ada", sealed)).isEqualTo(SECRET);
  }
}
