package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The end user's request an event or a session call serves: the client's IP address, its user
 * agent, its locale. A service acting for many users passes one with every call, so that Clerk sees
 * the user (proxy mode's {@code X-Forwarded-For}, rate limits per user rather than per service),
 * and sends codes in the user's language.
 *
 * <pre>{@code
 * RequestContext ctx = RequestContext.builder()
 *     .clientIp(request.getRemoteAddr())
 *     .userAgent(request.getHeader("User-Agent"))
 *     .acceptLanguage(request.getHeader("Accept-Language"))
 *     .build();
 * flow.submitPassword(ctx, identifier, password);
 * }</pre>
 *
 * <p>It belongs to one request, not to a flow: a user's address can change between the password and
 * the code. The engine hands it to the gateway and forgets it; it is never in a {@link
 * FlowSnapshot}, a {@link FlowView} or a log line, and {@link #toString()} masks the address (the
 * last IPv4 octet, all but the first three IPv6 groups) and shows only the user agent's length.
 *
 * <p>Every part is optional; {@link #none()} has none (a CLI, a test, a job), and the calls without
 * a context use it. Immutable and thread-safe.
 */
public final class RequestContext {
  /** The longest user agent kept; a longer one is cut to this many characters. */
  public static final int MAX_USER_AGENT_LENGTH = 512;

  private static final RequestContext NONE =
      new RequestContext(Optional.empty(), Optional.empty(), Optional.empty());

  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

  /**
   * The characters of an IPv6 literal; with only these, the JDK parses and never looks a name up.
   */
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final Optional<InetAddress> clientIp;
  private final Optional<String> userAgent;
  private final Optional<Locale> locale;

  private RequestContext(
      Optional<InetAddress> clientIp, Optional<String> userAgent, Optional<Locale> locale) {
    this.clientIp = clientIp;
    this.userAgent = userAgent;
    this.locale = locale;
  }

  /** No context: the calls made without one (a CLI, a test, a background job). */
  public static RequestContext none() {
    return NONE;
  }

  /** A builder; every part is optional. */
  public static Builder builder() {
    return new Builder();
  }

  /** The end user's IP address, as the service saw it. */
  public Optional<InetAddress> clientIp() {
    return clientIp;
  }

  /**
   * The end user's IP address written canonically ({@code 203.0.113.7}, {@code
   * 2001:db8:0:0:0:0:0:1}), as it goes into {@code X-Forwarded-For}.
   */
  public Optional<String> clientIpText() {
    return clientIp.map(InetAddress::getHostAddress);
  }

  /**
   * The end user's {@code User-Agent}: control characters removed, at most {@link
   * #MAX_USER_AGENT_LENGTH} characters.
   */
  public Optional<String> userAgent() {
    return userAgent;
  }

  /** The end user's preferred locale, for the messages Clerk sends them. */
  public Optional<Locale> locale() {
    return locale;
  }

  /** The locale as a BCP 47 tag ({@code fr-CA}), as Clerk's {@code locale} field takes it. */
  public Optional<String> languageTag() {
    return locale.map(Locale::toLanguageTag);
  }

  /** True for {@link #none()}, or any context without a part. */
  public boolean isEmpty() {
    return clientIp.isEmpty() && userAgent.isEmpty() && locale.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestContext c
        && clientIp.equals(c.clientIp)
        && userAgent.equals(c.userAgent)
        && locale.equals(c.locale);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clientIp, userAgent, locale);
  }

  /** The parts, the address masked and the user agent as its length only. */
  @Override
  public String toString() {
    if (isEmpty()) {
      return "RequestContext[none]";
    }
    StringBuilder sb = new StringBuilder("RequestContext[");
    clientIp.ifPresent(ip -> sb.append("ip=").append(masked(ip)));
    userAgent.ifPresent(
        ua ->
            sb.append(sb.length() > 15 ? ", " : "")
                .append("userAgent=<")
                .append(ua.length())
                .append(" chars>"));
    locale.ifPresent(
        l -> sb.append(sb.length() > 15 ? ", " : "").append("locale=").append(l.toLanguageTag()));
    return sb.append(']').toString();
  }

  private static String masked(InetAddress ip) {
    if (ip instanceof Inet6Address) {
      String[] groups = ip.getHostAddress().split(":");
      return groups[0] + ":" + groups[1] + ":" + groups[2] + ":*";
    }
    String text = ip.getHostAddress();
    return text.substring(0, text.lastIndexOf('.')) + ".*";
  }

  /**
   * Parses an IPv4 or IPv6 literal without looking anything up.
   *
   * @throws IllegalArgumentException when the text is not one (a name, an address with a port, a
   *     zone index, a list)
   */
  static InetAddress parseIp(String text) {
    String s = text.strip();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    boolean literal =
        IPV4.matcher(s).matches() || (s.indexOf(':') >= 0 && IPV6_CHARS.matcher(s).matches());
    if (literal) {
      try {
        // Only digits, hex digits, colons and dots: the JDK parses a literal, no name lookup.
        return InetAddress.getByName(s);
      } catch (UnknownHostException e) {
        // Fall through: malformed IPv6.
      }
    }
    throw new IllegalArgumentException(
        "not an IPv4 or IPv6 address (" + Math.min(text.length(), 64) + " characters)");
  }

  /** Builds a {@link RequestContext}. Not thread-safe. */
  public static final class Builder {
    private Optional<InetAddress> clientIp = Optional.empty();
    private Optional<String> userAgent = Optional.empty();
    private Optional<Locale> locale = Optional.empty();

    private Builder() {}

    /**
     * The end user's IP address: an IPv4 or IPv6 literal, such as a servlet's {@code
     * getRemoteAddr()} (or the address a trusted reverse proxy forwarded). Nothing is looked up.
     *
     * @throws IllegalArgumentException when it is not an IP literal; the message does not repeat it
     */
    public Builder clientIp(String ip) {
      this.clientIp = Optional.of(parseIp(requireNonNull(ip, "ip")));
      return this;
    }

    /** The end user's IP address. */
    public Builder clientIp(InetAddress ip) {
      this.clientIp = Optional.of(requireNonNull(ip, "ip"));
      return this;
    }

    /**
     * The end user's {@code User-Agent} header; {@code null} or blank for none. Control characters
     * (which could split a header) are removed, and a long one is cut to {@link
     * #MAX_USER_AGENT_LENGTH} characters.
     */
    public Builder userAgent(String userAgent) {
      if (userAgent == null) {
        this.userAgent = Optional.empty();
        return this;
      }
      String clean = userAgent.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "").strip();
      if (clean.length() > MAX_USER_AGENT_LENGTH) {
        clean = clean.substring(0, MAX_USER_AGENT_LENGTH);
      }
      this.userAgent = clean.isEmpty() ? Optional.empty() : Optional.of(clean);
      return this;
    }

    /**
     * The end user's locale.
     *
     * @throws IllegalArgumentException when it is not a well-formed BCP 47 locale (such as {@link
     *     Locale#ROOT})
     */
    public Builder locale(Locale locale) {
      requireNonNull(locale, "locale");
      if (locale.getLanguage().isEmpty()) {
        throw new IllegalArgumentException("a locale needs a language");
      }
      this.locale = Optional.of(locale);
      return this;
    }

    /**
     * The end user's locale from a BCP 47 tag such as {@code fr-CA}.
     *
     * @throws IllegalArgumentException when it is not a well-formed tag with a language
     */
    public Builder languageTag(String tag) {
      requireNonNull(tag, "tag");
      Locale l;
      try {
        l = new Locale.Builder().setLanguageTag(tag.strip()).build();
      } catch (IllformedLocaleException e) {
        throw new IllegalArgumentException("not a BCP 47 language tag", e);
      }
      return locale(l);
    }

    /**
     * The end user's locale from an {@code Accept-Language} header: its most preferred language
     * that is not {@code *}. A browser's header is taken as it comes: {@code null}, blank or
     * malformed leaves the locale unset rather than failing the user's request.
     */
    public Builder acceptLanguage(String header) {
      if (header == null || header.isBlank() || header.length() > 1024) {
        return this;
      }
      List<Locale.LanguageRange> ranges;
      try {
        ranges = Locale.LanguageRange.parse(header);
      } catch (IllegalArgumentException e) {
        return this;
      }
      for (Locale.LanguageRange r : ranges) {
        if (r.getWeight() > 0 && !r.getRange().startsWith("*")) {
          try {
            Locale l = new Locale.Builder().setLanguageTag(r.getRange()).build();
            if (!l.getLanguage().isEmpty()) {
              this.locale = Optional.of(l);
              return this;
            }
          } catch (IllformedLocaleException e) {
            // Next range.
          }
        }
      }
      return this;
    }

    /** The context; {@link #none()} when nothing was set. */
    public RequestContext build() {
      if (clientIp.isEmpty() && userAgent.isEmpty() && locale.isEmpty()) {
        return NONE;
      }
      return new RequestContext(clientIp, userAgent, locale);
    }
  }
}
