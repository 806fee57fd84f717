package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The limits a snapshot read from JSON keeps, exact to the item or character: the longest allowed
 * reads back, one more is refused naming the rule; and how much of a bad value a message shows.
 */
class SnapshotLimitsTest {
  private static final String SIA = "\"sign_in\":\"sia_1\",\"identifier\":\"ada@example.com\"";

  private static String repeated(String item, int times) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < times; i++) {
      out.append(i == 0 ? "" : ",").append(item);
    }
    return out.toString();
  }

  private static String waitingWithFactors(int n) {
    return "{\"v\":1,\"device\":\"d\",\"state\":\"NEEDS_SECOND_FACTOR\","
        + SIA
        + ",\"factors\":["
        + repeated("{\"s\":\"totp\"}", n)
        + "]}";
  }

  private static String completeWithTasks(String tasks) {
    return "{\"v\":1,\"device\":\"d\",\"state\":\"COMPLETE\",\"sign_in\":\"sia_1\","
        + "\"identifier\":\"ada@example.com\",\"session_id\":\"sess_1\","
        + "\"session\":{\"id\":\"sess_1\",\"user_id\":\"user_1\",\"status\":\"pending\","
        + "\"tasks\":["
        + tasks
        + "]}}";
  }

  private static void refusedBy(String rule, String json) {
    assertThatThrownBy(() -> FlowSnapshot.fromJson(json))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("rule '" + rule + "'");
  }

  @Test
  void aSignInOffersUpTo32Factors() {
    assertThat(FlowSnapshot.fromJson(waitingWithFactors(32)).state())
        .isEqualTo(SignInState.NEEDS_SECOND_FACTOR);
    refusedBy("factors-are-few", waitingWithFactors(33));
  }

  @Test
  void aSessionHasUpTo32Tasks() {
    assertThat(FlowSnapshot.fromJson(completeWithTasks(repeated("\"setup-mfa\"", 32))).state())
        .isEqualTo(SignInState.COMPLETE);
    refusedBy("tasks-are-few", completeWithTasks(repeated("\"setup-mfa\"", 33)));
  }

  @Test
  void idsNamesAndTaskKeysAreUpTo1024Characters() {
    String at1024 = "s".repeat(1024);
    String json =
        "{\"v\":1,\"device\":\"d\",\"state\":\"NEEDS_SECOND_FACTOR\",\"sign_in\":\""
            + at1024
            + "\",\"identifier\":\"ada@example.com\"}";
    assertThat(FlowSnapshot.fromJson(json).state()).isEqualTo(SignInState.NEEDS_SECOND_FACTOR);
    refusedBy("texts-are-short", completeWithTasks("\"" + "k".repeat(1025) + "\""));
  }

  @Test
  void aFactorsStrategyIdAndMaskedIdentifierAreUpTo1024Characters() {
    String longId = "{\"s\":\"email_code\",\"id\":\"" + "i".repeat(1025) + "\"}";
    refusedBy(
        "texts-are-short",
        "{\"v\":1,\"device\":\"d\",\"state\":\"NEEDS_SECOND_FACTOR\","
            + SIA
            + ",\"factors\":["
            + longId
            + "]}");
    refusedBy(
        "texts-are-short",
        "{\"v\":1,\"device\":\"d\",\"state\":\"NEEDS_SECOND_FACTOR\","
            + SIA
            + ",\"factor\":"
            + longId
            + "}");
  }

  @Test
  void aSnapshotOf65536CharactersIsReadAndALongerOneRefusedUnread() {
    String json = "{\"v\":1,\"device\":\"d\",\"state\":\"IDENTIFYING\"}";
    String at64KiB = json + " ".repeat(65_536 - json.length());
    assertThat(FlowSnapshot.fromJson(at64KiB).state()).isEqualTo(SignInState.IDENTIFYING);
    assertThatThrownBy(() -> FlowSnapshot.fromJson(at64KiB + " "))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("snapshot is 65537 characters");
  }

  @Test
  void aBadValueIsShownUpTo24CharactersVisibleAsciiAsItIs() {
    String at24 = " " + "X".repeat(23);
    assertThatThrownBy(
            () -> FlowSnapshot.fromJson("{\"v\":1,\"device\":\"d\",\"state\":\"" + at24 + "\"}"))
        .hasMessageContaining("is \"" + at24 + "\", not one of");
    String at25 = at24 + "Y";
    assertThatThrownBy(
            () -> FlowSnapshot.fromJson("{\"v\":1,\"device\":\"d\",\"state\":\"" + at25 + "\"}"))
        .hasMessageContaining("is \"" + at24 + "...\", not one of");
    assertThatThrownBy(
            () -> FlowSnapshot.fromJson("{\"v\":1,\"device\":\"d\",\"state\":\"~\\u007f\"}"))
        .hasMessageContaining("is \"~\\u007f\", not one of");
  }

  @Test
  void aCountFromZeroToTheLargestIntIsReadAndOneBeyondRefused() {
    String big =
        "{\"v\":1,\"device\":\"d\",\"state\":\"NEEDS_CLIENT_TRUST\","
            + SIA
            + ",\"verification\":{\"status\":\"unverified\",\"s\":\"email_code\",\"attempts\":%d}}";
    assertThat(FlowSnapshot.fromJson(String.format(big, (long) Integer.MAX_VALUE)).state())
        .isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    assertThatThrownBy(() -> FlowSnapshot.fromJson(String.format(big, Integer.MAX_VALUE + 1L)))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("must be from");
    String identifying = "{\"v\":1,\"device\":\"d\",\"state\":\"IDENTIFYING\",\"sends\":%d}";
    assertThat(FlowSnapshot.fromJson(String.format(identifying, 0)).state())
        .isEqualTo(SignInState.IDENTIFYING);
    assertThatThrownBy(() -> FlowSnapshot.fromJson(String.format(identifying, -1)))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("must be from 0");
  }
}
