package dev.signinflow.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.ClientTrustState;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.InvalidSnapshotException;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionStatus;
import dev.signinflow.engine.SessionTask;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.Verification;
import dev.signinflow.engine.VerificationStatus;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes and reads flow snapshots as versioned JSON. Version 1 is one compact object:
 *
 * <pre>{@code
 * {"v":1,"device":"d1","state":"NEEDS_CLIENT_TRUST","sign_in":"sia_1",
 *  "identifier":"ada@example.com","trust":"new",
 *  "factors":[{"s":"email_code","id":"idn_1","safe":"a***@example.com"}],"factor":0,
 *  "verification":{"status":"unverified","s":"email_code","expire_at":1767226200000},
 *  "sent":{"email_code":1767225600000},"sends":1}
 * }</pre>
 *
 * <ul>
 *   <li>{@code v} (the format version), {@code device} and {@code state} (a {@link SignInState}
 *       name) are required; every other field is left out when it is absent, zero, false or empty,
 *       and a {@code null} is read as absent.
 *   <li>Strategies, statuses and the client-trust state are Clerk's wire names; a factor's and a
 *       session's raw names are kept, so values this version does not know round-trip. Where a
 *       factor's or session's enum constant is not the one its wire name maps to, {@code enum}
 *       holds the constant's name.
 *   <li>Beside those in the example: a factor's {@code primary} and {@code default} flags, a
 *       verification's {@code attempts}, {@code retry_at} (when the server's last 429 on a send
 *       lifts), {@code session_id} (the session the flow completed with), {@code session} ({@code
 *       id}, {@code user_id}, raw {@code status}, {@code tasks} as their keys) and {@code
 *       abandon_at} (when the server abandons the sign-in).
 *   <li>{@code factor} is the current factor's index in {@code factors}, or the factor itself when
 *       it is not among them.
 *   <li>Instants are epoch milliseconds. An instant with a finer fraction (a system clock's usually
 *       has one) is written as an ISO-8601 string instead, such as {@code
 *       "2026-01-01T00:00:00.123456789Z"}, so that every instant reads back exactly; both forms are
 *       read anywhere an instant goes.
 *   <li>Fields this version does not know are ignored, so a later version may add fields without a
 *       new format version.
 * </ul>
 *
 * <p>The same data always gives the same text, and the text read back gives data equal to what was
 * written. A snapshot holds no password, code or client token, but it is not signed either: a
 * service that lets clients hold snapshots must protect them from tampering itself.
 *
 * <p>Stateless and thread-safe.
 */
public final class SnapshotCodec {
  /** The format version written. */
  public static final int VERSION = 1;

  private static final Instant FIRST_MILLI = Instant.ofEpochMilli(Long.MIN_VALUE);
  private static final Instant LAST_MILLI = Instant.ofEpochMilli(Long.MAX_VALUE);

  /** How much of a value from the text a message shows. */
  private static final int SHOWN = 24;

  private SnapshotCodec() {}

  /** The data as compact JSON; deterministic, so equal data gives equal text. */
  public static String encode(FlowData data) {
    requireNonNull(data, "data");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("v", (long) VERSION);
    m.put("device", data.device().value());
    m.put("state", data.state().name());
    putIfPresent(m, "sign_in", data.signInId());
    putIfPresent(m, "identifier", data.identifier());
    if (data.clientTrust() != null) {
      m.put("trust", data.clientTrust().wireName());
    }
    if (!data.factors().isEmpty()) {
      List<Object> factors = new ArrayList<>();
      for (Factor f : data.factors()) {
        factors.add(factor(f));
      }
      m.put("factors", factors);
    }
    if (data.factor() != null) {
      int index = data.factors().indexOf(data.factor());
      m.put("factor", index >= 0 ? (Object) (long) index : factor(data.factor()));
    }
    if (data.verification() != null) {
      m.put("verification", verification(data.verification()));
    }
    if (!data.lastSentAt().isEmpty()) {
      Map<String, Object> sent = new LinkedHashMap<>();
      for (Strategy s : Strategy.values()) {
        Instant at = data.lastSentAt().get(s);
        if (at != null) {
          sent.put(s.wireName(), instant(at));
        }
      }
      m.put("sent", sent);
    }
    if (data.sends() != 0) {
      m.put("sends", (long) data.sends());
    }
    if (data.serverRetryAt() != null) {
      m.put("retry_at", instant(data.serverRetryAt()));
    }
    putIfPresent(m, "session_id", data.createdSessionId());
    if (data.session() != null) {
      m.put("session", session(data.session()));
    }
    if (data.abandonAt() != null) {
      m.put("abandon_at", instant(data.abandonAt()));
    }
    return Json.write(m);
  }

  /**
   * Data from JSON written by {@link #encode(FlowData)}. Fields it does not know are ignored.
   *
   * @throws InvalidSnapshotException when the text is longer than 64 KiB (65,536 characters), is
   *     not JSON (or holds a number longer than {@value Json#MAX_NUMBER_LENGTH} characters), is not
   *     an object, has no version or another version, misses {@code device} or {@code state}, has a
   *     field of the wrong type or out of range, or breaks one of the {@link SnapshotRules} that
   *     every flow the engine writes keeps; the message names the field, the offset or the rule,
   *     and quotes at most a short prefix of any value
   */
  public static FlowData decode(String json) {
    requireNonNull(json, "json");
    if (json.length() > Json.MAX_LENGTH) {
      throw new InvalidSnapshotException(
          "snapshot is "
              + json.length()
              + " characters long; at most "
              + Json.MAX_LENGTH
              + " are read");
    }
    Object root;
    try {
      root = Json.read(json);
    } catch (JsonException e) {
      throw new InvalidSnapshotException(
          "snapshot is not valid JSON: " + e.getMessage() + " (text starts " + shown(json) + ")");
    }
    if (!(root instanceof Map)) {
      throw new InvalidSnapshotException(
          "snapshot must be a JSON object, was "
              + typeOf(root)
              + " (text starts "
              + shown(json)
              + ")");
    }
    Fields top = new Fields(root, "");
    checkVersion(top.get("v"));

    String deviceText = top.string("device", true);
    DeviceId device;
    try {
      device = DeviceId.of(deviceText);
    } catch (IllegalArgumentException e) {
      throw top.invalid("device", "is not a device id: " + e.getMessage());
    }
    SignInState state = state(top);
    String trust = top.string("trust", false);
    List<Factor> factors = new ArrayList<>();
    for (Fields f : top.objects("factors")) {
      factors.add(factor(f));
    }
    Fields verification = top.object("verification");
    Fields session = top.object("session");
    FlowData data =
        new FlowData(
            device,
            state,
            top.string("sign_in", false),
            top.string("identifier", false),
            trust == null ? null : ClientTrustState.fromWireName(trust),
            factors,
            currentFactor(top, factors),
            verification == null ? null : verification(verification),
            sent(top.object("sent")),
            (int) top.integer("sends", 0, Integer.MAX_VALUE),
            top.instant("retry_at"),
            top.string("session_id", false),
            session == null ? null : session(session),
            top.instant("abandon_at"));
    SnapshotRules.check(data);
    return data;
  }

  // ---- writing --------------------------------------------------------------------------------

  private static void putIfPresent(Map<String, Object> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static Map<String, Object> factor(Factor f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", f.rawStrategy());
    if (Strategy.fromWireName(f.rawStrategy()) != f.strategy()) {
      m.put("enum", f.strategy().name());
    }
    f.id().ifPresent(id -> m.put("id", id));
    f.safeIdentifier().ifPresent(safe -> m.put("safe", safe));
    if (f.primary()) {
      m.put("primary", true);
    }
    if (f.isDefault()) {
      m.put("default", true);
    }
    return m;
  }

  private static Map<String, Object> verification(Verification v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", v.status().wireName());
    m.put("s", v.strategy().wireName());
    if (v.attempts() != 0) {
      m.put("attempts", (long) v.attempts());
    }
    v.expireAt().ifPresent(at -> m.put("expire_at", instant(at)));
    return m;
  }

  private static Map<String, Object> session(Session s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("user_id", s.userId());
    m.put("status", s.rawStatus());
    if (SessionStatus.fromWireName(s.rawStatus()) != s.status()) {
      m.put("enum", s.status().name());
    }
    if (!s.tasks().isEmpty()) {
      List<Object> tasks = new ArrayList<>();
      for (SessionTask t : s.tasks()) {
        tasks.add(t.key());
      }
      m.put("tasks", tasks);
    }
    return m;
  }

  /** Epoch milliseconds when that is exact, else the ISO-8601 form, which always is. */
  private static Object instant(Instant at) {
    boolean wholeMillis = at.getNano() % 1_000_000 == 0;
    if (wholeMillis && !at.isBefore(FIRST_MILLI) && !at.isAfter(LAST_MILLI)) {
      return at.toEpochMilli();
    }
    return at.toString();
  }

  // ---- reading --------------------------------------------------------------------------------

  private static void checkVersion(Object v) {
    if (v == null) {
      throw new InvalidSnapshotException(
          "snapshot has no version (field 'v'); this library reads version " + VERSION);
    }
    if (!Long.valueOf(VERSION).equals(v)) {
      throw new InvalidSnapshotException(
          "snapshot version "
              + (v instanceof Long || v instanceof BigDecimal ? cut(v.toString()) : shown(v))
              + " is not supported; this library reads version "
              + VERSION);
    }
  }

  private static SignInState state(Fields top) {
    String name = top.string("state", true);
    for (SignInState s : SignInState.values()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw top.invalid(
        "state", "is " + shown(name) + ", not one of " + Arrays.toString(SignInState.values()));
  }

  private static Factor factor(Fields f) {
    String raw = f.string("s", true);
    Strategy strategy = f.constant("enum", Strategy.values());
    return new Factor(
        strategy == null ? Strategy.fromWireName(raw) : strategy,
        raw,
        Optional.ofNullable(f.string("id", false)),
        Optional.ofNullable(f.string("safe", false)),
        f.flag("primary"),
        f.flag("default"));
  }

  private static Factor currentFactor(Fields top, List<Factor> factors) {
    Object value = top.get("factor");
    if (value == null) {
      return null;
    }
    if (value instanceof Map) {
      return factor(top.object("factor"));
    }
    if (value instanceof Long index && index >= 0 && index < factors.size()) {
      return factors.get((int) (long) index);
    }
    throw top.invalid(
        "factor",
        "must be a factor object or an index into 'factors', which has "
            + factors.size()
            + (factors.size() == 1 ? " entry" : " entries")
            + ", was "
            + (value instanceof Long ? value : typeOf(value)));
  }

  private static Verification verification(Fields v) {
    return new Verification(
        VerificationStatus.fromWireName(v.string("status", true)),
        Strategy.fromWireName(v.string("s", true)),
        (int) v.integer("attempts", Integer.MIN_VALUE, Integer.MAX_VALUE),
        Optional.ofNullable(v.instant("expire_at")));
  }

  private static Map<Strategy, Instant> sent(Fields sent) {
    Map<Strategy, Instant> m = new EnumMap<>(Strategy.class);
    if (sent == null) {
      return m;
    }
    for (String key : sent.keys()) {
      Strategy s = Strategy.fromWireName(key);
      Instant at = sent.instant(key);
      if (at != null && m.put(s, at) != null) {
        throw sent.invalid(key, "names strategy " + s + " a second time");
      }
    }
    return m;
  }

  private static Session session(Fields s) {
    String raw = s.string("status", true);
    SessionStatus status = s.constant("enum", SessionStatus.values());
    List<SessionTask> tasks = new ArrayList<>();
    for (String key : s.strings("tasks")) {
      tasks.add(new SessionTask(key));
    }
    return new Session(
        s.string("id", true),
        s.string("user_id", true),
        status == null ? SessionStatus.fromWireName(raw) : status,
        raw,
        tasks);
  }

  /** A value from the text, for a message: quoted and cut short. */
  private static String shown(Object value) {
    return value instanceof String s ? clip(s) : typeOf(value);
  }

  private static String clip(String s) {
    return "\"" + cut(s) + "\"";
  }

  /** At most {@link #SHOWN} characters of the text, anything but visible ASCII escaped. */
  private static String cut(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && i < SHOWN; i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return out.append(s.length() > SHOWN ? "..." : "").toString();
  }

  private static String typeOf(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof String) {
      return "a string";
    } else if (value instanceof Long) {
      return "an integer";
    } else if (value instanceof BigDecimal) {
      return "a number that is not a 64-bit integer";
    } else if (value instanceof Boolean) {
      return "a boolean";
    } else if (value instanceof Map) {
      return "an object";
    }
    return "an array";
  }

  /** One JSON object of the snapshot, read field by field with typed, named failures. */
  private static final class Fields {
    private final Map<?, ?> map;
    private final String path;

    Fields(Object map, String path) {
      this.map = (Map<?, ?>) map;
      this.path = path;
    }

    Object get(String key) {
      return map.get(key);
    }

    List<String> keys() {
      List<String> keys = new ArrayList<>();
      for (Object k : map.keySet()) {
        keys.add((String) k);
      }
      return keys;
    }

    String string(String key, boolean required) {
      Object v = present(key, required);
      if (v == null || v instanceof String) {
        return (String) v;
      }
      throw wrongType(key, "a string", v);
    }

    long integer(String key, long min, long max) {
      Object v = present(key, false);
      if (v == null) {
        return 0;
      }
      if (!(v instanceof Long n)) {
        throw wrongType(key, "an integer", v);
      }
      if (n < min || n > max) {
        throw invalid(key, "must be from " + min + " to " + max + ", was " + n);
      }
      return n;
    }

    boolean flag(String key) {
      Object v = present(key, false);
      if (v == null || v instanceof Boolean) {
        return Boolean.TRUE.equals(v);
      }
      throw wrongType(key, "a boolean", v);
    }

    Instant instant(String key) {
      Object v = present(key, false);
      if (v == null) {
        return null;
      }
      if (v instanceof Long millis) {
        return Instant.ofEpochMilli(millis);
      }
      if (v instanceof String text) {
        try {
          return Instant.parse(text);
        } catch (DateTimeException | ArithmeticException e) {
          throw invalid(key, "is not an ISO-8601 instant: " + clip(text));
        }
      }
      throw wrongType(key, "epoch milliseconds (an integer) or an ISO-8601 instant", v);
    }

    <E extends Enum<E>> E constant(String key, E[] values) {
      String name = string(key, false);
      if (name == null) {
        return null;
      }
      for (E e : values) {
        if (e.name().equals(name)) {
          return e;
        }
      }
      throw invalid(key, "is " + clip(name) + ", not one of " + Arrays.toString(values));
    }

    Fields object(String key) {
      Object v = present(key, false);
      if (v == null || v instanceof Map) {
        return v == null ? null : new Fields(v, name(key));
      }
      throw wrongType(key, "an object", v);
    }

    List<Fields> objects(String key) {
      List<Fields> out = new ArrayList<>();
      List<?> list = list(key);
      for (int i = 0; i < list.size(); i++) {
        Object item = list.get(i);
        if (!(item instanceof Map)) {
          throw wrongType(key + "[" + i + "]", "an object", item);
        }
        out.add(new Fields(item, name(key) + "[" + i + "]"));
      }
      return out;
    }

    List<String> strings(String key) {
      List<String> out = new ArrayList<>();
      List<?> list = list(key);
      for (int i = 0; i < list.size(); i++) {
        Object item = list.get(i);
        if (!(item instanceof String s)) {
          throw wrongType(key + "[" + i + "]", "a string", item);
        }
        out.add(s);
      }
      return out;
    }

    private List<?> list(String key) {
      Object v = present(key, false);
      if (v == null || v instanceof List) {
        return v == null ? List.of() : (List<?>) v;
      }
      throw wrongType(key, "an array", v);
    }

    private Object present(String key, boolean required) {
      Object v = map.get(key);
      if (v == null && required) {
        throw new InvalidSnapshotException("snapshot field '" + name(key) + "' is missing");
      }
      return v;
    }

    InvalidSnapshotException invalid(String key, String problem) {
      return new InvalidSnapshotException("snapshot field '" + name(key) + "' " + problem);
    }

    private InvalidSnapshotException wrongType(String key, String expected, Object actual) {
      return invalid(key, "must be " + expected + ", was " + typeOf(actual));
    }

    private String name(String key) {
      // Keys of "sent" come from the text: cut them like any other value.
      return path.isEmpty() ? cut(key) : path + "." + cut(key);
    }
  }
}
