package dev.signinflow.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * signinflow's settings under {@code signinflow.*}: which Clerk instance to talk to and how, where
 * flows and tokens are kept, metrics and health.
 *
 * <pre>
 * signinflow.clerk.publishable-key=pk_live_...        # or signinflow.clerk.frontend-api-url=...
 * signinflow.clerk.proxy.url=https://app.example.com/__clerk
 * signinflow.clerk.proxy.secret-key=${CLERK_SECRET_KEY}
 * signinflow.store.type=memory                         # or redis, with signinflow-store-redis
 * signinflow.store.redis.uri=rediss://signin:${REDIS_PASSWORD}@redis.internal:6380
 * signinflow.store.redis.keyring.current=k2026-12
 * signinflow.store.redis.keyring.keys.k2026-12=${SIGNIN_TOKEN_KEY_2026_12}
 * </pre>
 *
 * <p>{@link #toString()} never shows the secret key, a Redis password or a token key.
 */
@ConfigurationProperties("signinflow")
public class SignInFlowProperties {
  private final Clerk clerk = new Clerk();
  private final Store store = new Store();
  private final Metrics metrics = new Metrics();
  private final Health health = new Health();

  /**
   * How long one event may hold a stored flow before another node may take it: longer than an
   * event's calls to Clerk can take.
   */
  private Duration flowLease = Duration.ofSeconds(60);

  /**
   * Where an email link leads the user (Clerk's redirect_url); needed only when the instance sends
   * email links. An absolute http(s) URL.
   */
  private String emailLinkRedirectUrl;

  /**
   * Whether a 429 from Clerk holds back the calls that would get one too, until its Retry-After.
   */
  private boolean sharedBackOff = true;

  public Clerk getClerk() {
    return clerk;
  }

  public Store getStore() {
    return store;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public Health getHealth() {
    return health;
  }

  public Duration getFlowLease() {
    return flowLease;
  }

  public void setFlowLease(Duration flowLease) {
    this.flowLease = flowLease;
  }

  public String getEmailLinkRedirectUrl() {
    return emailLinkRedirectUrl;
  }

  public void setEmailLinkRedirectUrl(String emailLinkRedirectUrl) {
    this.emailLinkRedirectUrl = emailLinkRedirectUrl;
  }

  public boolean isSharedBackOff() {
    return sharedBackOff;
  }

  public void setSharedBackOff(boolean sharedBackOff) {
    this.sharedBackOff = sharedBackOff;
  }

  @Override
  public String toString() {
    return "SignInFlowProperties[clerk="
        + clerk
        + ", store="
        + store.type
        + (store.type == StoreType.REDIS ? " " + store.redis : "")
        + ", flowLease="
        + flowLease
        + ", emailLinkRedirectUrl="
        + emailLinkRedirectUrl
        + ", sharedBackOff="
        + sharedBackOff
        + ", metrics="
        + metrics.enabled
        + ", health.timeout="
        + health.timeout
        + "]";
  }

  /** The Clerk instance: its Frontend API, timeouts, and proxy mode. */
  public static class Clerk {
    /**
     * The instance's publishable key (pk_test_... or pk_live_...), which names its Frontend API.
     * Give this or frontend-api-url.
     */
    private String publishableKey;

    /**
     * The Frontend API URL, such as https://clerk.example.com, or an emulator's
     * http://127.0.0.1:4010. Give this or publishable-key.
     */
    private String frontendApiUrl;

    /** How long to wait for a connection to the Frontend API. */
    private Duration connectTimeout = Duration.ofSeconds(5);

    /** How long to wait for a whole response of the Frontend API. */
    private Duration readTimeout = Duration.ofSeconds(10);

    /** The longest Retry-After of a 429 that is waited out and retried once; 0 never retries. */
    private Duration maxAutomaticRetryWait = Duration.ofSeconds(2);

    private final Proxy proxy = new Proxy();

    public String getPublishableKey() {
      return publishableKey;
    }

    public void setPublishableKey(String publishableKey) {
      this.publishableKey = publishableKey;
    }

    public String getFrontendApiUrl() {
      return frontendApiUrl;
    }

    public void setFrontendApiUrl(String frontendApiUrl) {
      this.frontendApiUrl = frontendApiUrl;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
      return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
    }

    public Duration getMaxAutomaticRetryWait() {
      return maxAutomaticRetryWait;
    }

    public void setMaxAutomaticRetryWait(Duration maxAutomaticRetryWait) {
      this.maxAutomaticRetryWait = maxAutomaticRetryWait;
    }

    public Proxy getProxy() {
      return proxy;
    }

    @Override
    public String toString() {
      return "Clerk[publishableKey="
          + publishableKey
          + ", frontendApiUrl="
          + frontendApiUrl
          + ", connectTimeout="
          + connectTimeout
          + ", readTimeout="
          + readTimeout
          + ", proxy="
          + proxy
          + "]";
    }
  }

  /**
   * Proxy mode: this service stands between its users and the Frontend API (production instances
   * only). Give both the URL and the secret key, or neither.
   */
  public static class Proxy {
    /** This proxy's public URL, such as https://app.example.com/__clerk. */
    private String url;

    /**
     * The instance's secret key (sk_live_...), sent in Clerk-Secret-Key. A secret: never logged,
     * masked in /actuator/env and /actuator/configprops.
     */
    private String secretKey;

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public String getSecretKey() {
      return secretKey;
    }

    public void setSecretKey(String secretKey) {
      this.secretKey = secretKey;
    }

    /** True when either part is set. */
    boolean isConfigured() {
      return (url != null && !url.isBlank()) || (secretKey != null && !secretKey.isBlank());
    }

    @Override
    public String toString() {
      return isConfigured()
          ? "Proxy[url=" + url + ", secretKey=" + (secretKey == null ? "null" : "[redacted]") + "]"
          : "Proxy[off]";
    }
  }

  /** Where flows, client tokens and session tokens are kept. */
  public static class Store {
    /**
     * memory (one node; the default) or redis (several nodes sharing one Redis, with
     * signinflow-store-redis on the class path: the stores are built from
     * signinflow.store.redis.*).
     */
    private StoreType type = StoreType.MEMORY;

    private final Redis redis = new Redis();

    public StoreType getType() {
      return type;
    }

    public void setType(StoreType type) {
      this.type = type;
    }

    public Redis getRedis() {
      return redis;
    }
  }

  /**
   * The Redis that holds flows and tokens when signinflow.store.type=redis (with
   * signinflow-store-redis on the class path). Its {@link #toString()} shows no password and no
   * key.
   */
  public static class Redis {
    /**
     * The Redis server: redis://[user:password@]host:port[/database], or rediss://... for TLS. With
     * cluster=true, one node of the cluster. A secret when it holds a password: give it from an
     * environment variable; masked in /actuator/env and /actuator/configprops.
     */
    private String uri;

    /** The ACL user, instead of (or over) the one in the URI. */
    private String username;

    /**
     * The password, instead of (or over) the one in the URI: a secret, masked in /actuator/env and
     * /actuator/configprops.
     */
    private String password;

    /** Whether the URI names one node of a Redis Cluster rather than a single server. */
    private boolean cluster;

    /**
     * More nodes of the cluster to discover it from (host:port), with the URI's user, password and
     * TLS; needs cluster=true.
     */
    private List<String> clusterNodes = new ArrayList<>();

    /**
     * What every key starts with, so that applications or environments can share a server: at most
     * 64 printable ASCII characters without white space or braces.
     */
    private String keyPrefix = "signinflow:";

    /**
     * How long a store waits for Redis's answer before it gives up (the event is then answered
     * UNAVAILABLE); keep it well under signinflow.flow-lease.
     */
    private Duration commandTimeout = Duration.ofSeconds(2);

    /** How long Lettuce waits for a connection to Redis, at start-up and when it reconnects. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    private final Keyring keyring = new Keyring();

    public String getUri() {
      return uri;
    }

    public void setUri(String uri) {
      this.uri = uri;
    }

    public String getUsername() {
      return username;
    }

    public void setUsername(String username) {
      this.username = username;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }

    public boolean isCluster() {
      return cluster;
    }

    public void setCluster(boolean cluster) {
      this.cluster = cluster;
    }

    public List<String> getClusterNodes() {
      return clusterNodes;
    }

    public void setClusterNodes(List<String> clusterNodes) {
      this.clusterNodes = clusterNodes;
    }

    public String getKeyPrefix() {
      return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    public Duration getCommandTimeout() {
      return commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Keyring getKeyring() {
      return keyring;
    }

    @Override
    public String toString() {
      return "Redis[uri="
          + RedisUris.redacted(uri)
          + ", username="
          + username
          + ", password="
          + (password == null ? "null" : "[redacted]")
          + ", cluster="
          + cluster
          + ", clusterNodes="
          + clusterNodes
          + ", keyPrefix="
          + keyPrefix
          + ", commandTimeout="
          + commandTimeout
          + ", connectTimeout="
          + connectTimeout
          + ", keyring="
          + keyring
          + "]";
    }
  }

  /**
   * The AES keys that seal client tokens and session tokens in Redis (AES-GCM): each a key id and
   * 16, 24 or 32 random bytes in base64 ({@code openssl rand -base64 32}). One is current (it seals
   * what is written); the others only open what they sealed before a rotation.
   */
  public static class Keyring {
    /** The id of the key that seals new values; one of the ids under keys. */
    private String current;

    /**
     * The keys by id (1 to 32 letters, digits, _ or -), each base64: secrets, given from
     * environment variables or a secret store, masked in /actuator/env and /actuator/configprops.
     */
    private Map<String, String> keys = new LinkedHashMap<>();

    public String getCurrent() {
      return current;
    }

    public void setCurrent(String current) {
      this.current = current;
    }

    public Map<String, String> getKeys() {
      return keys;
    }

    public void setKeys(Map<String, String> keys) {
      this.keys = keys;
    }

    /** The key ids; never a key. */
    @Override
    public String toString() {
      return "Keyring[current=" + current + ", keyIds=" + keys.keySet() + "]";
    }
  }

  /** Where the engine's stores live. */
  public enum StoreType {
    /** In this process's memory: one node. */
    MEMORY,
    /** In Redis, shared by every node: needs signinflow-store-redis. */
    REDIS
  }

  /** Micrometer metrics. */
  public static class Metrics {
    /** Whether to record signinflow's metrics when the application has a MeterRegistry. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The Actuator health indicator of the Frontend API (management.health.signinflow.enabled). */
  public static class Health {
    /** How long the health check waits for the Frontend API's key set. */
    private Duration timeout = Duration.ofSeconds(2);

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }
}
