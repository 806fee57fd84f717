package dev.signinflow.transport.fake;

import static dev.signinflow.engine.OutcomeKind.SUCCESS;
import static dev.signinflow.engine.SignInState.COMPLETE;
import static dev.signinflow.transport.fake.FlowFixture.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.StepResult;
import org.junit.jupiter.api.Test;

/** A fixed bug: the email link of a replaced sign-in completed it (found by the seed flows). */
class EmailLinkRegressionTest {
  private static final String ADA = "ada@example.com";
  private static final String LAPTOP = "laptop-1";

  /**
   * §5.2: a new create replaces the client's sign-in and makes the old one read-only/forbidden;
   * §5.1 ({@code verification_link_token_stale}): a link dies once a newer verification was
   * requested. The link of a replaced sign-in must not complete it nor create a session on the
   * device.
   */
  @Test
  void emailLinkOfAReplacedSignInIsStaleAndCreatesNoSession() {
    FlowFixture f =
        FlowFixture.with(
            FlowFixture.settings().emailCodeEnabled(false).build(),
            b -> b.emailLinkRedirectUrl("https://app.example/verify"));
    String userId = f.addUser(FakeUser.withEmail(ADA));
    SignInFlow first = f.newFlow(LAPTOP);
    first.submitPassword(ADA, PASSWORD);
    String firstLink = f.outbox().get(0).linkToken().orElseThrow();
    SignInFlow second = f.newFlow(LAPTOP);
    second.submitPassword(ADA, PASSWORD);
    assertThat(f.outbox()).hasSize(2);

    FakeClerk.LinkVisit visit = f.fake.visitEmailLink(firstLink);

    assertThat(visit).isEqualTo(FakeClerk.LinkVisit.EXPIRED);
    assertThat(f.client(LAPTOP).sessions()).isEmpty();
    assertThat(f.knownDevice(userId, LAPTOP)).isFalse();
    StepResult refreshed = first.refresh();
    assertThat(refreshed.state()).isNotEqualTo(COMPLETE);

    // The current sign-in's own link still works.
    assertThat(f.fake.visitEmailLink(f.outbox().get(1).linkToken().orElseThrow()))
        .isEqualTo(FakeClerk.LinkVisit.VERIFIED);
    StepResult done = second.refresh();
    assertThat(done.kind()).isEqualTo(SUCCESS);
    assertThat(done.state()).isEqualTo(COMPLETE);
  }
}
