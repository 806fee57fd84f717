package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile snapshots whose fields contradict each other (found by a probe of {@link
 * FlowSnapshot#fromJson}): each is refused, naming the rule it breaks, instead of resuming into odd
 * refusals later.
 */
class SnapshotConsistencyTest {
  private static final String SIA = "\"sign_in\":\"sia_1\",\"identifier\":\"ada@example.com\"";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // a complete flow with no sign-in or no created session
        "complete-has-a-session-id|{\"v\":1,\"device\":\"d\",\"state\":\"COMPLETE\"}",
        "complete-has-a-session-id|{\"v\":1,\"device\":\"d\",\"state\":\"COMPLETE\",\"sign_in\":\"sia_1\"}",
        "complete-has-a-session-id|{\"v\":1,\"device\":\"d\",\"state\":\"COMPLETE\",\"session_id\":\"sess_1\"}",
        "complete-has-a-session-id|{\"v\":1,\"device\":\"d\",\"state\":\"COMPLETE\"," + SIA + "}",
        // a waiting flow with no sign-in to verify
        "waiting-has-a-sign-in|{\"v\":1,\"device\":\"d\",\"state\":\"NEEDS_CLIENT_TRUST\"}",
        "waiting-has-a-sign-in|{\"v\":1,\"device\":\"d\",\"state\":\"NEEDS_SECOND_FACTOR\",\"sign_in\":\"sia_1\"}",
        // a waiting flow that already has a session
        "waiting-has-no-session|{\"v\":1,\"device\":\"d\",\"state\":\"NEEDS_CLIENT_TRUST\","
            + SIA
            + ",\"session_id\":\"sess_1\"}",
        // an identifying flow that remembers a sign-in
        "identifying-holds-no-sign-in|{\"v\":1,\"device\":\"d\",\"state\":\"IDENTIFYING\",\"sign_in\":\"sia_1\"}",
        "identifying-holds-no-sign-in|{\"v\":1,\"device\":\"d\",\"state\":\"IDENTIFYING\",\"sends\":3}",
        "identifying-holds-no-sign-in|{\"v\":1,\"device\":\"d\",\"state\":\"IDENTIFYING\",\"retry_at\":1}",
        // a session that is not the created one
        "session-is-the-created-one|{\"v\":1,\"device\":\"d\",\"state\":\"COMPLETE\","
            + SIA
            + ",\"session_id\":\"sess_1\",\"session\":{\"id\":\"sess_2\",\"user_id\":\"user_1\","
            + "\"status\":\"active\"}}",
        // an identifier that is none
        "identifier-is-an-identifier|{\"v\":1,\"device\":\"d\",\"state\":\"NEEDS_CLIENT_TRUST\","
            + "\"sign_in\":\"sia_1\",\"identifier\":\"not an identifier!\"}",
        // send times for a factor nothing is sent for, or fewer sends than send times
        "sent-are-sent-strategies|{\"v\":1,\"device\":\"d\",\"state\":\"NEEDS_SECOND_FACTOR\","
            + SIA
            + ",\"sent\":{\"totp\":1},\"sends\":1}",
        "sends-count-the-sends|{\"v\":1,\"device\":\"d\",\"state\":\"NEEDS_CLIENT_TRUST\","
            + SIA
            + ",\"sent\":{\"email_code\":1}}",
        // negative attempts
        "verification-attempts-not-negative|{\"v\":1,\"device\":\"d\",\"state\":\"NEEDS_CLIENT_TRUST\","
            + SIA
            + ",\"verification\":{\"status\":\"unverified\",\"s\":\"email_code\",\"attempts\":-5}}"
      })
  void refusesAnInconsistentSnapshotNamingTheRule(String rule, String json) {
    assertThatThrownBy(() -> FlowSnapshot.fromJson(json))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("rule '" + rule + "'");
  }

  @Test
  void refusesTooManyFactors() {
    StringBuilder factors = new StringBuilder();
    for (int i = 0; i < 33; i++) {
      factors.append(i == 0 ? "" : ",").append("{\"s\":\"totp\"}");
    }
    String json =
        "{\"v\":1,\"device\":\"d\",\"state\":\"NEEDS_SECOND_FACTOR\","
            + SIA
            + ",\"factors\":["
            + factors
            + "]}";
    assertThatThrownBy(() -> FlowSnapshot.fromJson(json))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("rule 'factors-are-few'");
  }

  @Test
  void refusesAnOverlongId() {
    String json =
        "{\"v\":1,\"device\":\"d\",\"state\":\"NEEDS_SECOND_FACTOR\",\"sign_in\":\""
            + "s".repeat(2000)
            + "\",\"identifier\":\"ada@example.com\"}";
    assertThatThrownBy(() -> FlowSnapshot.fromJson(json))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("rule 'texts-are-short'");
  }

  @Test
  void refusesAHugeNumberBeforeConvertingIt() {
    // A 65,000-digit number took ~70 ms to read; it is refused by its length now.
    String json =
        "{\"v\":1,\"device\":\"d\",\"state\":\"IDENTIFYING\",\"sends\":" + "9".repeat(65_000) + "}";
    assertThatThrownBy(() -> FlowSnapshot.fromJson(json))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("number longer than 32 characters");
  }

  @Test
  void acceptsWhatTheEngineWrites() {
    String json =
        "{\"v\":1,\"device\":\"d\",\"state\":\"COMPLETE\",\"sign_in\":\"sia_1\","
            + "\"identifier\":\"ada@example.com\",\"session_id\":\"sess_1\","
            + "\"session\":{\"id\":\"sess_1\",\"user_id\":\"user_1\",\"status\":\"pending\","
            + "\"tasks\":[\"setup-mfa\"]}}";
    assertThat(FlowSnapshot.fromJson(json).state()).isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void acceptsAFlowCompletedWithTheDevicesExistingSession() {
    // Clerk answered session_exists or identifier_already_signed_in: no sign-in was created.
    String json =
        "{\"v\":1,\"device\":\"d\",\"state\":\"COMPLETE\","
            + "\"identifier\":\"ada@example.com\",\"session_id\":\"sess_1\"}";
    FlowSnapshot read = FlowSnapshot.fromJson(json);
    assertThat(read.state()).isEqualTo(SignInState.COMPLETE);
    assertThat(read.toJson()).isEqualTo(json);
  }
}
