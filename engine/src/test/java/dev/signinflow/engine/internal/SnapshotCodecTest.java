package dev.signinflow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

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
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotCodecTest {
  private static final DeviceId DEVICE = DeviceId.of("d1");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Factor EMAIL_CODE =
      Factor.of(Strategy.EMAIL_CODE, "idn_1", "a***@example.com");

  /** A flow parked in Client Trust after one email code was sent. */
  private static FlowData clientTrust() {
    return new FlowData(
        DEVICE,
        SignInState.NEEDS_CLIENT_TRUST,
        "sia_1",
        "ada@example.com",
        ClientTrustState.NEW,
        List.of(EMAIL_CODE),
        EMAIL_CODE,
        new Verification(
            VerificationStatus.UNVERIFIED,
            Strategy.EMAIL_CODE,
            0,
            Optional.of(T0.plusSeconds(600))),
        Map.of(Strategy.EMAIL_CODE, T0),
        1,
        null,
        null,
        null);
  }

  /** Every field set, with values this version does not know wherever the model allows them. */
  private static FlowData everything() {
    Factor passkey =
        new Factor(Strategy.UNKNOWN, "passkey", Optional.of("pk_1"), Optional.empty(), true, true);
    Factor current =
        new Factor(
            Strategy.PHONE_CODE, "phone_code", Optional.empty(), Optional.of("+1***"), false, true);
    return new FlowData(
        DeviceId.of("browser-7f3a:tab.2@host_x"),
        SignInState.COMPLETE,
        "sia_\"quoted\"\\é😀",
        "+15550100",
        ClientTrustState.UNKNOWN,
        List.of(EMAIL_CODE, passkey, Factor.of(Strategy.TOTP)),
        current,
        new Verification(
            VerificationStatus.UNKNOWN, Strategy.UNKNOWN, 3, Optional.of(Instant.ofEpochMilli(-1))),
        Map.of(
            Strategy.EMAIL_CODE,
            T0,
            Strategy.PHONE_CODE,
            T0.plusNanos(1),
            Strategy.UNKNOWN,
            Instant.EPOCH),
        Integer.MAX_VALUE,
        Instant.MAX,
        "sess_1",
        new Session(
            "sess_1",
            "user_1",
            SessionStatus.UNKNOWN,
            "frozen",
            List.of(SessionTask.CHOOSE_ORGANIZATION, new SessionTask("sign-the-terms"))));
  }

  private static FlowData roundTrip(FlowData data) {
    return SnapshotCodec.decode(SnapshotCodec.encode(data));
  }

  // ---- the format -----------------------------------------------------------------------------

  @Test
  void writesOnlyTheRequiredFieldsForAFreshFlow() {
    assertThat(SnapshotCodec.encode(FlowData.initial(DEVICE)))
        .isEqualTo("{\"v\":1,\"device\":\"d1\",\"state\":\"IDENTIFYING\"}");
  }

  @Test
  void writesTheDocumentedFormat() {
    assertThat(SnapshotCodec.encode(clientTrust()))
        .isEqualTo(
            "{\"v\":1,\"device\":\"d1\",\"state\":\"NEEDS_CLIENT_TRUST\",\"sign_in\":\"sia_1\","
                + "\"identifier\":\"ada@example.com\",\"trust\":\"new\","
                + "\"factors\":[{\"s\":\"email_code\",\"id\":\"idn_1\",\"safe\":\"a***@example.com\"}],"
                + "\"factor\":0,"
                + "\"verification\":{\"status\":\"unverified\",\"s\":\"email_code\","
                + "\"expire_at\":1767226200000},"
                + "\"sent\":{\"email_code\":1767225600000},\"sends\":1}");
  }

  @Test
  void writesAFactorThatIsNotOfferedInFull() {
    FlowData data = clientTrust().withFactor(Factor.of(Strategy.TOTP));

    assertThat(SnapshotCodec.encode(data)).contains("\"factor\":{\"s\":\"totp\"}");
  }

  @Test
  void writesSubMillisecondInstantsAsIsoStrings() {
    FlowData data = clientTrust().sent(Strategy.PHONE_CODE, T0.plusNanos(123_456_789));

    assertThat(SnapshotCodec.encode(data))
        .contains("\"phone_code\":\"2026-01-01T00:00:00.123456789Z\"");
  }

  @Test
  void writesEqualTextForEqualData() {
    Map<Strategy, Instant> oneOrder = new LinkedHashMap<>();
    oneOrder.put(Strategy.PHONE_CODE, T0);
    oneOrder.put(Strategy.EMAIL_CODE, T0.plusSeconds(1));
    Map<Strategy, Instant> otherOrder = new LinkedHashMap<>();
    otherOrder.put(Strategy.EMAIL_CODE, T0.plusSeconds(1));
    otherOrder.put(Strategy.PHONE_CODE, T0);

    assertThat(SnapshotCodec.encode(withSent(clientTrust(), oneOrder)))
        .isEqualTo(SnapshotCodec.encode(withSent(clientTrust(), otherOrder)));
  }

  // ---- round trips ----------------------------------------------------------------------------

  @Test
  void roundTripsAFreshFlow() {
    FlowData data = FlowData.initial(DEVICE);

    assertThat(roundTrip(data)).isEqualTo(data);
  }

  @Test
  void roundTripsAClientTrustFlow() {
    assertThat(roundTrip(clientTrust())).isEqualTo(clientTrust());
  }

  @Test
  void roundTripsEveryFieldIncludingValuesThisVersionDoesNotKnow() {
    assertThat(roundTrip(everything())).isEqualTo(everything());
  }

  @Test
  void roundTripsEnumConstantsThatDisagreeWithTheirWireNames() {
    Factor odd =
        new Factor(
            Strategy.UNKNOWN, "email_code", Optional.empty(), Optional.empty(), false, false);
    // A completed flow (only one holds a session): the snapshot rules refuse a session elsewhere.
    FlowData data =
        clientTrust()
            .updatedWith(SignIn.of("sia_1", SignInStatus.COMPLETE).withCreatedSessionId("sess_1"))
            .withState(SignInState.COMPLETE)
            .withFactor(odd)
            .withSession(new Session("sess_1", "user_1", SessionStatus.ENDED, "active", List.of()));

    assertThat(roundTrip(data)).isEqualTo(data);
  }

  @Test
  void roundTripsInstantsAtTheEdgesOfTheirRange() {
    for (Instant at :
        List.of(
            Instant.MIN,
            Instant.MAX,
            Instant.EPOCH,
            Instant.ofEpochMilli(Long.MIN_VALUE),
            Instant.ofEpochMilli(Long.MAX_VALUE),
            Instant.ofEpochMilli(Long.MAX_VALUE).plusMillis(1),
            T0.minusNanos(1))) {
      FlowData data = clientTrust().withServerRetryAt(at);

      assertThat(roundTrip(data)).as("%s", at).isEqualTo(data);
    }
  }

  @Test
  void readsIsoInstantsWhereMillisecondsAreWritten() {
    String json =
        SnapshotCodec.encode(clientTrust()).replace("1767225600000", "\"2026-01-01T00:00:00Z\"");

    assertThat(SnapshotCodec.decode(json)).isEqualTo(clientTrust());
  }

  @Test
  void ignoresFieldsItDoesNotKnow() {
    String json =
        SnapshotCodec.encode(clientTrust())
            .replace("{\"v\":1,", "{\"v\":1,\"future\":{\"x\":[1,null,{}]},")
            .replace("{\"s\":\"email_code\",\"id\"", "{\"s\":\"email_code\",\"rank\":2,\"id\"");

    assertThat(SnapshotCodec.decode(json)).isEqualTo(clientTrust());
  }

  @Test
  void readsNullAsAbsent() {
    String json =
        "{\"v\":1,\"device\":\"d1\",\"state\":\"IDENTIFYING\",\"sign_in\":null,\"factors\":null,"
            + "\"factor\":null,\"sent\":null,\"sends\":null,\"session\":null}";

    assertThat(SnapshotCodec.decode(json)).isEqualTo(FlowData.initial(DEVICE));
  }

  @Test
  void readsWhitespaceAroundTokens() {
    String json = "{ \"v\" : 1 ,\n \"device\" : \"d1\" ,\n \"state\" : \"IDENTIFYING\" }\n";

    assertThat(SnapshotCodec.decode(json)).isEqualTo(FlowData.initial(DEVICE));
  }

  // ---- rejections -----------------------------------------------------------------------------

  private static final String HEAD = "{\"v\":1,\"device\":\"d1\",\"state\":\"NEEDS_CLIENT_TRUST\",";

  /** Each snapshot text that must be refused, and the message it gets. */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        // not JSON, or not an object
        "not json | snapshot is not valid JSON: expected null, found 'n' at offset 0 (text starts"
            + " \"not json\")",
        "`` | snapshot is not valid JSON: expected a value, found end of input at offset 0 (text"
            + " starts \"\")",
        "{\"v\":1,\"device\":\"d1\" | snapshot is not valid JSON: expected ',' or '}', found end of"
            + " input at offset 20 (text starts \"{\"v\":1,\"device\":\"d1\"\")",
        "[] | snapshot must be a JSON object, was an array (text starts \"[]\")",
        "\"x\" | snapshot must be a JSON object, was a string (text starts \"\"x\"\")",
        "null | snapshot must be a JSON object, was null (text starts \"null\")",
        "42 | snapshot must be a JSON object, was an integer (text starts \"42\")",
        // the version
        "{} | snapshot has no version (field 'v'); this library reads version 1",
        "{\"device\":\"d1\",\"state\":\"IDENTIFYING\"} | snapshot has no version (field 'v'); this"
            + " library reads version 1",
        "{\"v\":2} | snapshot version 2 is not supported; this library reads version 1",
        "{\"v\":0} | snapshot version 0 is not supported; this library reads version 1",
        "{\"v\":1.0} | snapshot version 1.0 is not supported; this library reads version 1",
        "{\"v\":\"1\"} | snapshot version \"1\" is not supported; this library reads version 1",
        "{\"v\":true} | snapshot version a boolean is not supported; this library reads version 1",
        // required fields
        "{\"v\":1} | snapshot field 'device' is missing",
        "{\"v\":1,\"device\":null,\"state\":\"IDENTIFYING\"} | snapshot field 'device' is missing",
        "{\"v\":1,\"device\":\"d1\"} | snapshot field 'state' is missing",
        // device and state
        "{\"v\":1,\"device\":5,\"state\":\"IDENTIFYING\"} | snapshot field 'device' must be a"
            + " string, was an integer",
        "{\"v\":1,\"device\":\"has space\",\"state\":\"IDENTIFYING\"} | snapshot field 'device' is"
            + " not a device id: device id must be 1 to 128 letters, digits or . _ : @ - (length"
            + " was 9)",
        "{\"v\":1,\"device\":\"\",\"state\":\"IDENTIFYING\"} | snapshot field 'device' is not a"
            + " device id: device id must be 1 to 128 letters, digits or . _ : @ - (length was 0)",
        "{\"v\":1,\"device\":\"d1\",\"state\":\"DONE\"} | snapshot field 'state' is \"DONE\", not one"
            + " of [IDENTIFYING, NEEDS_CLIENT_TRUST, NEEDS_SECOND_FACTOR, COMPLETE]",
        "{\"v\":1,\"device\":\"d1\",\"state\":\"identifying\"} | snapshot field 'state' is"
            + " \"identifying\", not one of [IDENTIFYING, NEEDS_CLIENT_TRUST, NEEDS_SECOND_FACTOR,"
            + " COMPLETE]",
        "{\"v\":1,\"device\":\"d1\",\"state\":[]} | snapshot field 'state' must be a string, was an"
            + " array",
        // counts
        "HEAD\"sends\":-1} | snapshot field 'sends' must be from 0 to 2147483647, was -1",
        "HEAD\"sends\":2147483648} | snapshot field 'sends' must be from 0 to 2147483647, was"
            + " 2147483648",
        "HEAD\"sends\":1.5} | snapshot field 'sends' must be an integer, was a number that is not a"
            + " 64-bit integer",
        "HEAD\"sends\":\"1\"} | snapshot field 'sends' must be an integer, was a string",
        "HEAD\"verification\":{\"status\":\"unverified\",\"s\":\"totp\",\"attempts\":2147483648}} |"
            + " snapshot field 'verification.attempts' must be from -2147483648 to 2147483647, was"
            + " 2147483648",
        // timestamps
        "HEAD\"retry_at\":\"tomorrow\"} | snapshot field 'retry_at' is not an ISO-8601 instant:"
            + " \"tomorrow\"",
        "HEAD\"retry_at\":\"2026-13-01T00:00:00Z\"} | snapshot field 'retry_at' is not an ISO-8601"
            + " instant: \"2026-13-01T00:00:00Z\"",
        "HEAD\"retry_at\":true} | snapshot field 'retry_at' must be epoch milliseconds (an integer)"
            + " or an ISO-8601 instant, was a boolean",
        "HEAD\"retry_at\":1.5e3} | snapshot field 'retry_at' must be epoch milliseconds (an"
            + " integer) or an ISO-8601 instant, was a number that is not a 64-bit integer",
        "HEAD\"retry_at\":99999999999999999999} | snapshot field 'retry_at' must be epoch"
            + " milliseconds (an integer) or an ISO-8601 instant, was a number that is not a 64-bit"
            + " integer",
        "HEAD\"sent\":{\"email_code\":\"soon\"}} | snapshot field 'sent.email_code' is not an"
            + " ISO-8601 instant: \"soon\"",
        "HEAD\"verification\":{\"status\":\"unverified\",\"s\":\"totp\",\"expire_at\":[]}} |"
            + " snapshot field 'verification.expire_at' must be epoch milliseconds (an integer) or"
            + " an ISO-8601 instant, was an array",
        // sent
        "HEAD\"sent\":[1]} | snapshot field 'sent' must be an object, was an array",
        "HEAD\"sent\":{\"a\":0,\"b\":1}} | snapshot field 'sent.b' names strategy UNKNOWN a second"
            + " time",
        // factors
        "HEAD\"factors\":{}} | snapshot field 'factors' must be an array, was an object",
        "HEAD\"factors\":[7]} | snapshot field 'factors[0]' must be an object, was an integer",
        "HEAD\"factors\":[{\"id\":\"idn_1\"}]} | snapshot field 'factors[0].s' is missing",
        "HEAD\"factors\":[{\"s\":\"totp\"},{\"s\":false}]} | snapshot field 'factors[1].s' must be"
            + " a string, was a boolean",
        "HEAD\"factors\":[{\"s\":\"totp\",\"primary\":\"yes\"}]} | snapshot field"
            + " 'factors[0].primary' must be a boolean, was a string",
        "HEAD\"factors\":[{\"s\":\"totp\",\"enum\":\"BOGUS\"}]} | snapshot field 'factors[0].enum'"
            + " is \"BOGUS\", not one of [EMAIL_CODE, PHONE_CODE, EMAIL_LINK, TOTP, BACKUP_CODE,"
            + " UNKNOWN]",
        "HEAD\"factors\":[{\"s\":\"totp\"}],\"factor\":1} | snapshot field 'factor' must be a factor"
            + " object or an index into 'factors', which has 1 entry, was 1",
        "HEAD\"factor\":0} | snapshot field 'factor' must be a factor object or an index into"
            + " 'factors', which has 0 entries, was 0",
        "HEAD\"factors\":[{\"s\":\"totp\"}],\"factor\":-1} | snapshot field 'factor' must be a"
            + " factor object or an index into 'factors', which has 1 entry, was -1",
        "HEAD\"factors\":[{\"s\":\"totp\"}],\"factor\":\"0\"} | snapshot field 'factor' must be a"
            + " factor object or an index into 'factors', which has 1 entry, was a string",
        "HEAD\"factor\":{\"id\":\"x\"}} | snapshot field 'factor.s' is missing",
        // verification, session, trust
        "HEAD\"verification\":{\"s\":\"totp\"}} | snapshot field 'verification.status' is missing",
        "HEAD\"verification\":\"unverified\"} | snapshot field 'verification' must be an object, was"
            + " a string",
        "HEAD\"session\":{\"status\":\"active\"}} | snapshot field 'session.id' is missing",
        "HEAD\"session\":{\"id\":\"sess_1\"}} | snapshot field 'session.status' is missing",
        "HEAD\"session\":{\"id\":\"sess_1\",\"status\":\"active\"}} | snapshot field"
            + " 'session.user_id' is missing",
        "HEAD\"session\":{\"id\":\"sess_1\",\"status\":\"active\",\"tasks\":[1]}} | snapshot field"
            + " 'session.tasks[0]' must be a string, was an integer",
        "HEAD\"session\":{\"id\":\"sess_1\",\"status\":\"active\",\"tasks\":\"setup-mfa\"}} |"
            + " snapshot field 'session.tasks' must be an array, was a string",
        "HEAD\"trust\":1} | snapshot field 'trust' must be a string, was an integer",
        "HEAD\"sign_in\":{}} | snapshot field 'sign_in' must be a string, was an object",
        "HEAD\"session_id\":false} | snapshot field 'session_id' must be a string, was a boolean",
      })
  void rejectsWithAMessageThatNamesTheProblem(String text, String message) {
    String json = text.replace("HEAD", HEAD);

    assertThatThrownBy(() -> SnapshotCodec.decode(json))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessage(message);
  }

  @Test
  void rejectsEveryTruncationOfASnapshot() {
    String json = SnapshotCodec.encode(everything());

    for (int end = 0; end < json.length(); end++) {
      String cut = json.substring(0, end);
      assertThatThrownBy(() -> SnapshotCodec.decode(cut))
          .as("cut at %d", end)
          .isInstanceOf(InvalidSnapshotException.class)
          .hasMessageStartingWith("snapshot is not valid JSON: ");
    }
  }

  @Test
  void rejectsOversizeTextBeforeReadingIt() {
    String json = SnapshotCodec.encode(clientTrust()) + " ".repeat(Json.MAX_LENGTH);

    assertThatThrownBy(() -> SnapshotCodec.decode(json))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessage("snapshot is " + json.length() + " characters long; at most 65536 are read");
  }

  @Test
  void rejectsDeepNestingEvenInFieldsItWouldIgnore() {
    String json = HEAD + "\"future\":" + "[".repeat(40) + "]".repeat(40) + "}";

    assertThatThrownBy(() -> SnapshotCodec.decode(json))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("nesting deeper than 32 levels");
  }

  @Test
  void quotesOnlyAShortPrefixOfALongValue() {
    String value = "X".repeat(5000);

    assertThatThrownBy(
            () -> SnapshotCodec.decode("{\"v\":1,\"device\":\"d1\",\"state\":\"" + value + "\"}"))
        .isInstanceOf(InvalidSnapshotException.class)
        .message()
        .contains("\"XXXXXXXXXXXXXXXXXXXXXXXX...\"")
        .hasSizeLessThan(200);
  }

  @Test
  void quotesOnlyAShortPrefixOfTextThatIsNotJson() {
    String text = "Bearer " + "t".repeat(5000);

    assertThatThrownBy(() -> SnapshotCodec.decode(text))
        .isInstanceOf(InvalidSnapshotException.class)
        .message()
        .contains("(text starts \"Bearer " + "t".repeat(17) + "...\")")
        .hasSizeLessThan(200);
  }

  @Test
  void cutsALongUnknownKeyShortInTheMessage() {
    String key = "k".repeat(5000);

    assertThatThrownBy(() -> SnapshotCodec.decode(HEAD + "\"sent\":{\"" + key + "\":true}}"))
        .isInstanceOf(InvalidSnapshotException.class)
        .message()
        .startsWith("snapshot field 'sent.kkkkkkkkkkkkkkkkkkkkkkkk...' must be")
        .hasSizeLessThan(200);
  }

  @Test
  void failsOnlyWithTheTypedExceptionWhateverTheDamage() {
    String json = SnapshotCodec.encode(everything());
    String alphabet = "{}[]\",:0123456789-+.eEtrufalsn \\/ux\u0000\u00e9\ud800";
    Random random = new Random(20260101);
    int decoded = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder damaged = new StringBuilder(json);
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(damaged.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> damaged.setCharAt(at, c);
          case 1 -> damaged.insert(at, c);
          default -> damaged.deleteCharAt(at);
        }
      }
      try {
        SnapshotCodec.decode(damaged.toString());
        decoded++;
      } catch (InvalidSnapshotException expected) {
        // The one allowed failure.
      } catch (RuntimeException e) {
        fail("decode threw " + e + " for " + damaged, e);
      }
    }
    // Some damage leaves a valid snapshot (a changed digit); most does not.
    assertThat(decoded).isBetween(1, 19_999);
  }

  private static FlowData withSent(FlowData d, Map<Strategy, Instant> sent) {
    return new FlowData(
        d.device(),
        d.state(),
        d.signInId(),
        d.identifier(),
        d.clientTrust(),
        d.factors(),
        d.factor(),
        d.verification(),
        sent,
        d.sends(),
        d.serverRetryAt(),
        d.createdSessionId(),
        d.session());
  }
}
