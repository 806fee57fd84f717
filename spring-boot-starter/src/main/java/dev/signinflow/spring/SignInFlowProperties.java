package dev.signinflow.spring;

import java.time.Duration;
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
 * </pre>
 *
 * <p>{@link #toString()} never shows the secret key.
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
     * signinflow-store-redis on the class path, whose auto-configuration provides the stores).
     */
    private StoreType type = StoreType.MEMORY;

    public StoreType getType() {
      return type;
    }

    public void setType(StoreType type) {
      this.type = type;
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
