package dev.signinflow.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.engine.ClientTrustState;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.FlowErrors;
import dev.signinflow.engine.FlowView;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Strategy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web explorer's invariant shows-what-the-state-says bites: the real "Verify your device" page
 * agrees with the view it was drawn from, and disagrees, saying how, with views that differ.
 */
class PageChecksTest {
  private TestApp app;
  private NoScriptBrowser browser;
  private Instant now;
  private FlowView drawnFrom;

  @BeforeEach
  void aVerifyPage() {
    app = TestApp.get().reset();
    browser = new NoScriptBrowser(app.base);
    browser.submitPassword(DemoSeed.ADA, DemoSeed.PASSWORD);
    now = app.fake.clock().instant();
    Factor email = Factor.of(Strategy.EMAIL_CODE, "idn_1", "a***@example.com");
    drawnFrom =
        new FlowView(
            DeviceId.of("d"),
            SignInState.NEEDS_CLIENT_TRUST,
            Optional.of("sia_1"),
            Optional.of(DemoSeed.ADA),
            Optional.of(email),
            List.of(email),
            Optional.of(ClientTrustState.NEW),
            Optional.empty(),
            Optional.of(now.plusSeconds(30)),
            4,
            Optional.empty(),
            Optional.empty());
  }

  @AfterEach
  void close() {
    browser.close();
  }

  private List<String> check(FlowView view, StepResult step) {
    return WebAppUnderTest.PageChecks.check(
        browser.page, WebAppUnderTest.errorsOn(browser.page), view, step, now);
  }

  private static StepResult success() {
    return new StepResult.Applied(
        SignInEvent.SUBMIT_PASSWORD,
        SignInState.IDENTIFYING,
        SignInState.NEEDS_CLIENT_TRUST,
        OutcomeKind.SUCCESS,
        FlowErrors.none(),
        Optional.empty());
  }

  private FlowView with(
      SignInState state, List<Factor> offered, Optional<Instant> resendAt, boolean newDevice) {
    FlowView v = drawnFrom;
    return new FlowView(
        v.deviceId(),
        state,
        v.signInId(),
        v.identifier(),
        v.currentFactor(),
        offered,
        newDevice ? v.clientTrustState() : Optional.of(ClientTrustState.KNOWN),
        v.verification(),
        resendAt,
        v.sendsRemaining(),
        v.sessionId(),
        v.session());
  }

  @Test
  void thePageAgreesWithTheViewItShows() {
    assertThat(check(drawnFrom, success())).isEmpty();
  }

  @Test
  void anotherStateIsAnotherPage() {
    assertThat(check(with(SignInState.IDENTIFYING, List.of(), Optional.empty(), true), success()))
        .containsExactly("the page is verify for a flow in IDENTIFYING (expected sign-in)");
  }

  @Test
  void theHeadingTheCooldownTheMethodsAndTheBadgeFollowTheView() {
    Factor email = drawnFrom.currentFactor().orElseThrow();
    List<String> problems =
        check(
            with(
                SignInState.NEEDS_SECOND_FACTOR,
                List.of(email, Factor.of(Strategy.TOTP)),
                Optional.empty(),
                false),
            success());
    assertThat(problems)
        .contains(
            "the heading is not \"Two-step verification\" in NEEDS_SECOND_FACTOR",
            "the new-device badge is shown, wrongly",
            "a cooldown is shown while a code may be sent",
            "\"no more codes\" is missing",
            "\"use another method\" offers [], the flow [totp]");
  }

  @Test
  void aFailedStepMustShowAnError() {
    StepResult failed =
        new StepResult.Applied(
            SignInEvent.VERIFY_CODE,
            SignInState.NEEDS_CLIENT_TRUST,
            SignInState.NEEDS_CLIENT_TRUST,
            OutcomeKind.CLERK_ERROR,
            FlowErrors.none(),
            Optional.empty());
    assertThat(check(drawnFrom, failed))
        .containsExactly("a step with outcome CLERK_ERROR shows no error");
    assertThat(
            check(
                drawnFrom,
                new StepResult.Busy(SignInState.NEEDS_CLIENT_TRUST, SignInEvent.RESEND_CODE)))
        .containsExactly("a busy flow shows [], not flow_busy");
  }
}
