package dev.signinflow.spring;

import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.engine.spi.SessionTokenCache;
import dev.signinflow.store.redis.RedisClientTokenStore;
import dev.signinflow.store.redis.RedisFlowStore;
import dev.signinflow.store.redis.RedisSessionTokenCache;
import dev.signinflow.store.redis.TokenKeyring;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Redis stores, built from {@code signinflow.store.redis.*} when {@code
 * signinflow.store.type=redis} and {@code signinflow-store-redis} (with Lettuce) is on the class
 * path: a Lettuce client and connection to one server or to a Redis Cluster, the {@link
 * TokenKeyring} that seals tokens, and {@link RedisFlowStore}, {@link RedisClientTokenStore} and
 * {@link RedisSessionTokenCache}, which {@link SignInFlowAutoConfiguration}'s engine takes.
 *
 * <p>Every bean steps aside for the application's own of the same type: a {@code RedisClient} (or
 * {@code RedisClusterClient}), a connection ({@code StatefulRedisConnection<String, String>} or
 * {@code StatefulRedisClusterConnection<String, String>}), a {@code TokenKeyring}, or any of the
 * three stores. The connection is opened at start-up (a Redis that cannot be reached, or refuses
 * the password, stops the start with a report) and closed, and the client shut down, with the
 * context. No message, and no {@code toString()}, holds the password or a key.
 */
@AutoConfiguration(before = SignInFlowAutoConfiguration.class)
@ConditionalOnClass({RedisFlowStore.class, RedisClient.class})
@ConditionalOnProperty(prefix = "signinflow.store", name = "type", havingValue = "redis")
@EnableConfigurationProperties(SignInFlowProperties.class)
public class SignInFlowRedisAutoConfiguration {
  private static final String KEYS = "signinflow.store.redis.keyring.keys";
  private static final String CURRENT = "signinflow.store.redis.keyring.current";

  /** The keys that seal client tokens and session tokens, from the keyring's properties. */
  @Bean
  @ConditionalOnMissingBean(TokenKeyring.class)
  public TokenKeyring signInTokenKeyring(SignInFlowProperties properties) {
    return keyring(properties.getStore().getRedis().getKeyring());
  }

  static TokenKeyring keyring(SignInFlowProperties.Keyring k) {
    Map<String, String> keys = k.getKeys();
    if (keys == null || keys.isEmpty()) {
      throw new SignInFlowConfigurationException(
          "signinflow.store.type=redis, but " + KEYS + " holds no key to seal tokens with",
          "Give one: "
              + KEYS
              + ".<id>=<32 random bytes in base64> (openssl rand -base64 32), from an environment"
              + " variable or a secret store; with several, name the one that seals in "
              + CURRENT
              + ".");
    }
    String current = k.getCurrent() == null ? null : k.getCurrent().strip();
    if (current == null || current.isEmpty()) {
      if (keys.size() > 1) {
        throw new SignInFlowConfigurationException(
            CURRENT
                + " is not set, and the keyring holds "
                + keys.size()
                + " keys "
                + keys.keySet(),
            "Name the key that seals new values in " + CURRENT + "; the others only open.");
      }
      current = keys.keySet().iterator().next();
    }
    if (!keys.containsKey(current)) {
      throw new SignInFlowConfigurationException(
          CURRENT + " names the key '" + current + "', which is not among " + keys.keySet(),
          "Give that key as " + KEYS + "." + current + ", or name one of the keys given.");
    }
    TokenKeyring.Builder b = TokenKeyring.builder();
    try {
      b.current(current, decoded(current, keys.get(current)));
      for (Map.Entry<String, String> e : keys.entrySet()) {
        if (!e.getKey().equals(current)) {
          b.older(e.getKey(), decoded(e.getKey(), e.getValue()));
        }
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      // TokenKeyring's messages name the key id and the length, never the key.
      throw new SignInFlowConfigurationException(
          KEYS + " is not valid: " + e.getMessage(),
          "Each key is 16, 24 or 32 random bytes in base64 (openssl rand -base64 32), under an id"
              + " of 1 to 32 letters, digits, _ or -.");
    }
  }

  private static byte[] decoded(String id, String base64) {
    if (base64 == null || base64.isBlank()) {
      throw new IllegalArgumentException("the key '" + id + "' is empty");
    }
    try {
      return Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      // Base64's message may quote a character of the key: not repeated.
      throw new IllegalArgumentException("the key '" + id + "' is not base64", null);
    }
  }

  /** The Redis URI, the user and password over it, checked; messages never repeat a password. */
  static RedisURI redisUri(SignInFlowProperties.Redis r) {
    String text = r.getUri() == null ? "" : r.getUri().strip();
    if (text.isEmpty()) {
      throw new SignInFlowConfigurationException(
          "signinflow.store.type=redis, but signinflow.store.redis.uri is not set",
          "Set signinflow.store.redis.uri=redis://host:6379 (rediss://... for TLS; the password"
              + " in it or in signinflow.store.redis.password, from an environment variable).");
    }
    String scheme = schemeOf(text);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw invalidUri(r, "its scheme is not redis or rediss");
    }
    URI parsed;
    try {
      parsed = new URI(text);
    } catch (URISyntaxException e) {
      // Its message quotes the whole URI, password and all.
      throw invalidUri(r, "it is not a URI");
    }
    if (parsed.getHost() == null) {
      throw invalidUri(r, "it names no host, or its port is not a number");
    }
    RedisURI uri;
    try {
      uri = RedisURI.create(text);
    } catch (RuntimeException e) {
      // Lettuce's and java.net.URI's messages quote the whole URI, password and all.
      throw invalidUri(r, "it is not a URI Lettuce can read");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw invalidUri(r, "it names no host");
    }
    boolean user = SignInFlowAutoConfiguration.hasText(r.getUsername());
    boolean password = SignInFlowAutoConfiguration.hasText(r.getPassword());
    if (user && !password) {
      throw new SignInFlowConfigurationException(
          "signinflow.store.redis.username is set without signinflow.store.redis.password",
          "Give the user's password in signinflow.store.redis.password too, or both in the URI.");
    }
    if (password) {
      RedisURI.Builder b = RedisURI.builder(uri);
      if (user) {
        b.withAuthentication(r.getUsername().strip(), r.getPassword().toCharArray());
      } else {
        b.withPassword(r.getPassword().toCharArray());
      }
      uri = b.build();
    }
    return uri;
  }

  private static String schemeOf(String text) {
    int i = text.indexOf("://");
    return i < 0 ? "" : text.substring(0, i).toLowerCase(Locale.ROOT);
  }

  private static SignInFlowConfigurationException invalidUri(
      SignInFlowProperties.Redis r, String why) {
    return new SignInFlowConfigurationException(
        "signinflow.store.redis.uri (" + RedisUris.redacted(r.getUri()) + ") is not valid: " + why,
        "Write it as redis://[user:password@]host:port[/database], or rediss://... for TLS;"
            + " percent-encode a password's reserved characters, or give it in"
            + " signinflow.store.redis.password.");
  }

  /** The cluster's nodes to start from: the URI and the cluster nodes, with its user and TLS. */
  static List<RedisURI> clusterUris(SignInFlowProperties.Redis r) {
    RedisURI first = redisUri(r);
    List<RedisURI> uris = new ArrayList<>(List.of(first));
    for (String node : r.getClusterNodes()) {
      String n = node == null ? "" : node.strip();
      URI parsed;
      try {
        parsed = URI.create("redis://" + n);
      } catch (IllegalArgumentException e) {
        parsed = null;
      }
      if (parsed == null
          || parsed.getHost() == null
          || parsed.getPort() < 1
          || parsed.getUserInfo() != null
          || !(parsed.getPath() == null || parsed.getPath().isEmpty())) {
        throw new SignInFlowConfigurationException(
            "signinflow.store.redis.cluster-nodes holds '" + n + "', which is not host:port",
            "List the nodes as host:port; the user, password and TLS are the URI's.");
      }
      uris.add(
          RedisURI.builder(first).withHost(parsed.getHost()).withPort(parsed.getPort()).build());
    }
    return uris;
  }

  /** The message of a failed connection: what Lettuce said, never the password. */
  static SignInFlowConfigurationException cannotConnect(
      SignInFlowProperties.Redis r, RuntimeException e) {
    StringBuilder why = new StringBuilder();
    Throwable c = e;
    for (int i = 0; i < 10 && c != null; i++) {
      if (c.getMessage() != null && why.indexOf(c.getMessage()) < 0) {
        why.append(why.length() == 0 ? "" : "; ").append(c.getMessage());
      }
      c = c.getCause();
    }
    String text = why.toString();
    for (String secret : new String[] {r.getPassword(), passwordIn(r.getUri())}) {
      if (secret != null && !secret.isEmpty()) {
        text = text.replace(secret, RedisUris.REDACTED);
      }
    }
    return new SignInFlowConfigurationException(
        "could not connect to Redis at " + RedisUris.redacted(r.getUri()) + ": " + text,
        "Check that Redis runs and answers there, and signinflow.store.redis.uri: host, port,"
            + " redis:// or rediss://, the user and the password.");
  }

  private static String passwordIn(String uri) {
    if (uri == null) {
      return null;
    }
    String shown = RedisUris.redacted(uri);
    int start = shown.indexOf(RedisUris.REDACTED);
    if (start < 0) {
      return null;
    }
    int tail = shown.length() - start - RedisUris.REDACTED.length();
    return uri.substring(start, uri.length() - tail);
  }

  private static SocketOptions socket(SignInFlowProperties.Redis r) {
    return SocketOptions.builder().connectTimeout(r.getConnectTimeout()).build();
  }

  /** One Redis server (or a primary), when signinflow.store.redis.cluster is not true. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      prefix = "signinflow.store.redis",
      name = "cluster",
      havingValue = "false",
      matchIfMissing = true)
  static class SingleNode {
    /** A client that refuses commands while it reconnects, rather than queue them. */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean(RedisClient.class)
    RedisClient signInRedisClient(SignInFlowProperties properties) {
      SignInFlowProperties.Redis r = properties.getStore().getRedis();
      if (!r.getClusterNodes().isEmpty()) {
        throw new SignInFlowConfigurationException(
            "signinflow.store.redis.cluster-nodes is set, but signinflow.store.redis.cluster is"
                + " not true",
            "Set signinflow.store.redis.cluster=true for a Redis Cluster, or remove the nodes.");
      }
      RedisClient client = RedisClient.create(redisUri(r));
      client.setOptions(
          ClientOptions.builder()
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .socketOptions(socket(r))
              .build());
      return client;
    }

    /** One connection for every thread, opened now. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    StatefulRedisConnection<String, String> signInRedisConnection(
        RedisClient client, SignInFlowProperties properties) {
      try {
        return client.connect();
      } catch (RuntimeException e) {
        throw cannotConnect(properties.getStore().getRedis(), e);
      }
    }

    @Bean
    @ConditionalOnMissingBean(FlowStore.class)
    RedisFlowStore signInRedisFlowStore(
        StatefulRedisConnection<String, String> redis, SignInFlowProperties properties) {
      SignInFlowProperties.Redis r = properties.getStore().getRedis();
      return settings(r, () -> flowStore(RedisFlowStore.builder(redis), r));
    }

    @Bean
    @ConditionalOnMissingBean(ClientTokenStore.class)
    RedisClientTokenStore signInRedisClientTokenStore(
        StatefulRedisConnection<String, String> redis,
        TokenKeyring keys,
        SignInFlowProperties properties) {
      SignInFlowProperties.Redis r = properties.getStore().getRedis();
      return settings(r, () -> tokenStore(RedisClientTokenStore.builder(redis, keys), r));
    }

    @Bean
    @ConditionalOnMissingBean(SessionTokenCache.class)
    RedisSessionTokenCache signInRedisSessionTokenCache(
        StatefulRedisConnection<String, String> redis,
        TokenKeyring keys,
        SignInFlowProperties properties,
        ObjectProvider<Clock> clock) {
      SignInFlowProperties.Redis r = properties.getStore().getRedis();
      return settings(r, () -> sessionCache(RedisSessionTokenCache.builder(redis, keys), r, clock));
    }
  }

  /** A Redis Cluster, when signinflow.store.redis.cluster=true. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(prefix = "signinflow.store.redis", name = "cluster", havingValue = "true")
  static class Cluster {
    /** A cluster client that follows the cluster's topology and refuses commands meanwhile. */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean(RedisClusterClient.class)
    RedisClusterClient signInRedisClusterClient(SignInFlowProperties properties) {
      SignInFlowProperties.Redis r = properties.getStore().getRedis();
      RedisClusterClient client = RedisClusterClient.create(clusterUris(r));
      client.setOptions(
          ClusterClientOptions.builder()
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .socketOptions(socket(r))
              .topologyRefreshOptions(
                  ClusterTopologyRefreshOptions.builder()
                      .enableAllAdaptiveRefreshTriggers()
                      .build())
              .build());
      return client;
    }

    /** One connection for every thread, opened now (the stores open every node's). */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    StatefulRedisClusterConnection<String, String> signInRedisClusterConnection(
        RedisClusterClient client, SignInFlowProperties properties) {
      try {
        return client.connect();
      } catch (RuntimeException e) {
        throw cannotConnect(properties.getStore().getRedis(), e);
      }
    }

    @Bean
    @ConditionalOnMissingBean(FlowStore.class)
    RedisFlowStore signInRedisFlowStore(
        StatefulRedisClusterConnection<String, String> redis, SignInFlowProperties properties) {
      SignInFlowProperties.Redis r = properties.getStore().getRedis();
      return settings(r, () -> flowStore(RedisFlowStore.builder(redis), r));
    }

    @Bean
    @ConditionalOnMissingBean(ClientTokenStore.class)
    RedisClientTokenStore signInRedisClientTokenStore(
        StatefulRedisClusterConnection<String, String> redis,
        TokenKeyring keys,
        SignInFlowProperties properties) {
      SignInFlowProperties.Redis r = properties.getStore().getRedis();
      return settings(r, () -> tokenStore(RedisClientTokenStore.builder(redis, keys), r));
    }

    @Bean
    @ConditionalOnMissingBean(SessionTokenCache.class)
    RedisSessionTokenCache signInRedisSessionTokenCache(
        StatefulRedisClusterConnection<String, String> redis,
        TokenKeyring keys,
        SignInFlowProperties properties,
        ObjectProvider<Clock> clock) {
      SignInFlowProperties.Redis r = properties.getStore().getRedis();
      return settings(r, () -> sessionCache(RedisSessionTokenCache.builder(redis, keys), r, clock));
    }
  }

  private static RedisFlowStore flowStore(RedisFlowStore.Builder b, SignInFlowProperties.Redis r) {
    return b.keyPrefix(r.getKeyPrefix()).commandTimeout(r.getCommandTimeout()).build();
  }

  private static RedisClientTokenStore tokenStore(
      RedisClientTokenStore.Builder b, SignInFlowProperties.Redis r) {
    return b.keyPrefix(r.getKeyPrefix()).commandTimeout(r.getCommandTimeout()).build();
  }

  private static RedisSessionTokenCache sessionCache(
      RedisSessionTokenCache.Builder b, SignInFlowProperties.Redis r, ObjectProvider<Clock> clock) {
    return b.keyPrefix(r.getKeyPrefix())
        .commandTimeout(r.getCommandTimeout())
        .clock(clock.getIfUnique(Clock::systemUTC))
        .build();
  }

  /** Builds a store, turning a refused setting into a report that names it. */
  private static <T> T settings(SignInFlowProperties.Redis r, java.util.function.Supplier<T> s) {
    try {
      return s.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new SignInFlowConfigurationException(
          "signinflow.store.redis.* is not valid: " + e.getMessage(),
          "Give a key-prefix of at most 64 printable ASCII characters without spaces or braces,"
              + " and a positive command-timeout.");
    }
  }
}
