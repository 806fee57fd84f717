package dev.signinflow.transport.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fake's read-only views for the explorer: digest, sign-in status, send times and count. */
class FakeClerkDigestTest {
  private static final String TEST_EMAIL = "ada+clerk_test@example.com";

  @Test
  void digestHoldsNoPasswordCodeLinkOrClientToken() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail("ada@example.com"));
    f.newFlow("laptop").submitPassword("ada@example.com", FlowFixture.PASSWORD);

    String digest = f.fake.stateDigest();

    assertThat(digest).doesNotContain(FlowFixture.PASSWORD);
    assertThat(digest).doesNotContain(f.lastCode("ada@example.com"));
    assertThat(digest).doesNotContain(f.token("laptop").orElseThrow().reveal());
    assertThat(digest)
        .contains("status=needs_client_trust")
        .contains("verification=email_code/unverified/0/@+600000/code");
  }

  @Test
  void digestWritesInstantsRelativeToTheClock() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail("ada@example.com"));
    f.newFlow("laptop").submitPassword("ada@example.com", FlowFixture.PASSWORD);
    String before = f.fake.stateDigest();

    f.advance(Duration.ofSeconds(31));

    assertThat(f.fake.stateDigest())
        .isNotEqualTo(before)
        .contains("sent={email_code=@-31000}")
        .contains("@+569000");
  }

  @Test
  void signInStatusIsTheServersAndEmptyOnceAbandoned() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail("ada@example.com"));
    var flow = f.newFlow("laptop");
    flow.submitPassword("ada@example.com", FlowFixture.PASSWORD);
    String id = flow.view().signInId().orElseThrow();

    assertThat(f.fake.signInStatus(id)).contains("needs_client_trust");
    f.advance(Duration.ofHours(25));
    assertThat(f.fake.signInStatus(id)).isEmpty();
    assertThat(f.fake.signInStatus("sia_unknown")).isEmpty();
  }

  @Test
  void sendsToATestIdentityAreCountedThoughTheOutboxStaysEmpty() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(TEST_EMAIL));
    var flow = f.newFlow("laptop");

    flow.submitPassword(TEST_EMAIL, FlowFixture.PASSWORD);

    assertThat(f.outbox()).isEmpty();
    assertThat(f.fake.sendCount()).isEqualTo(1);
    assertThat(f.fake.lastSentAt(flow.view().signInId().orElseThrow()))
        .containsOnlyKeys("email_code")
        .containsValue(f.now());
  }
}
