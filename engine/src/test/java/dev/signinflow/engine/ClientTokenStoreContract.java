package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ClientTokenStore} does: subclass it with {@link #newStore()} (a fresh, empty
 * store per test).
 */
public abstract class ClientTokenStoreContract {
  protected ClientTokenStore store;

  /** A fresh, empty store. */
  protected abstract ClientTokenStore newStore() throws Exception;

  /** Called after each test, to close what {@link #newStore()} opened. */
  protected void closeStore() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void close() throws Exception {
    closeStore();
  }

  @Test
  void aNewDeviceHasNoToken() {
    assertThat(store.load(DeviceId.of("never-seen"))).isEmpty();
  }

  @Test
  void aSavedTokenLoadsAndTheLatestWins() {
    DeviceId d = DeviceId.of("laptop-1");

    store.save(d, ClientToken.of("tok_first"));
    store.save(d, ClientToken.of("tok_second"));

    assertThat(store.load(d).map(ClientToken::reveal)).hasValue("tok_second");
  }

  @Test
  void devicesAreIndependent() {
    store.save(DeviceId.of("a"), ClientToken.of("tok_a"));
    store.save(DeviceId.of("b"), ClientToken.of("tok_b"));

    assertThat(store.load(DeviceId.of("a")).map(ClientToken::reveal)).hasValue("tok_a");
    assertThat(store.load(DeviceId.of("b")).map(ClientToken::reveal)).hasValue("tok_b");
  }

  @Test
  void aLongTokenWithEveryAllowedCharacterSurvives() {
    String token = "eyJ" + "A".repeat(2000) + ".b_c-d.e";
    store.save(DeviceId.of("d:1@x"), ClientToken.of(token));

    assertThat(store.load(DeviceId.of("d:1@x")).map(ClientToken::reveal)).hasValue(token);
  }

  @Test
  void concurrentSavesOfManyDevicesAreAllKept() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        done.add(pool.submit(() -> store.save(DeviceId.of("dev-" + n), ClientToken.of("t" + n))));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < 200; i++) {
      assertThat(store.load(DeviceId.of("dev-" + i)).map(ClientToken::reveal)).hasValue("t" + i);
    }
  }
}
