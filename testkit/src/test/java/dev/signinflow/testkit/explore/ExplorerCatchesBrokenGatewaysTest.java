package dev.signinflow.testkit.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.engine.DelegatingGateway;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.VerificationCode;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeSignInGateway;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The explorer is a test of gateways too: each broken gateway here breaks one invariant, and the
 * explorer says which, with a sequence shrunk to a few steps.
 */
class ExplorerCatchesBrokenGatewaysTest {
  private static final Scenario CLIENT_TRUST =
      Scenario.of(
          InstanceSettings.CLIENT_TRUST_EMAIL_CODE,
          UserProfile.NO_MFA,
          DeviceHistory.NEW,
          FaultPlan.NONE);
  private static final Scenario NO_CLIENT_TRUST =
      Scenario.of(
          InstanceSettings.CLIENT_TRUST_OFF, UserProfile.NO_MFA, DeviceHistory.NEW, FaultPlan.NONE);

  @Test
  void aGatewayThatPutsThePasswordInAnErrorBreaksNoSecretInOutput() {
    ExplorationReport report =
        explore(CLIENT_TRUST, fake -> new PasswordInErrors(FakeSignInGateway.over(fake)));

    Violation v = only(report, "no-secret-in-output");
    assertThat(v.message()).contains("a password appears in the error of SUBMIT_WRONG_PASSWORD");
    assertThat(v.actions()).containsExactly(Action.SUBMIT_WRONG_PASSWORD);
    assertThatThrownBy(report::assertNoViolations)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("\"invariant\" : \"no-secret-in-output\"")
        .hasMessageContaining("replay: FixtureReplay.of(explorer)");
  }

  @Test
  void aGatewayThatDropsClientTokensBreaksKnownOnlyAfterCompletion() {
    ExplorationReport report =
        explore(NO_CLIENT_TRUST, fake -> new DropsTokens(FakeSignInGateway.over(fake)));

    Violation v = only(report, "known-only-after-completion");
    assertThat(v.message()).contains("the server does not know it");
    assertThat(v.actions()).containsExactly(Action.SUBMIT_RIGHT_PASSWORD);
  }

  @Test
  void aGatewayThatSendsTwiceBreaksSendsOnlyBySubmitResendSelect() {
    ExplorationReport report =
        explore(CLIENT_TRUST, fake -> new PreparesTwice(FakeSignInGateway.over(fake)));

    Violation v = only(report, "sends-only-by-submit-resend-select");
    assertThat(v.actions()).containsExactly(Action.SUBMIT_RIGHT_PASSWORD);
  }

  private static ExplorationReport explore(
      Scenario scenario, Function<FakeClerk, SignInGateway> gateway) {
    return TransitionExplorer.builder()
        .scenarios(List.of(scenario))
        .gateway(gateway)
        .depth(3)
        .randomWalks(0, 0)
        .noOutputFiles()
        .build()
        .explore();
  }

  private static Violation only(ExplorationReport report, String invariant) {
    assertThat(report.violations()).extracting(Violation::invariant).contains(invariant);
    return report.violations().stream()
        .filter(v -> v.invariant().equals(invariant))
        .findFirst()
        .orElseThrow();
  }

  /** Answers a wrong password as "unavailable", with the password in the reason. */
  private static final class PasswordInErrors extends DelegatingGateway {
    PasswordInErrors(SignInGateway delegate) {
      super(delegate);
    }

    @Override
    public GatewayResult<SignIn> createSignIn(
        RequestContext context,
        Optional<ClientToken> clientToken,
        Identifier identifier,
        Password password) {
      GatewayResult<SignIn> r = super.createSignIn(context, clientToken, identifier, password);
      if (r instanceof GatewayResult.Rejected<SignIn> rejected) {
        return new GatewayResult.Unavailable<>(
            "login failed for " + identifier.value() + " with " + password.reveal(),
            Optional.empty(),
            rejected.clientToken());
      }
      return r;
    }
  }

  /** Never hands the engine the token the server answered with. */
  private static final class DropsTokens extends DelegatingGateway {
    DropsTokens(SignInGateway delegate) {
      super(delegate);
    }

    @Override
    public GatewayResult<SignIn> createSignIn(
        RequestContext context,
        Optional<ClientToken> clientToken,
        Identifier identifier,
        Password password) {
      GatewayResult<SignIn> r = super.createSignIn(context, clientToken, identifier, password);
      return r instanceof GatewayResult.Success<SignIn> ok
          ? new GatewayResult.Success<>(ok.value(), Optional.empty())
          : r;
    }

    @Override
    public GatewayResult<Session> activateSession(
        RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
      GatewayResult<Session> r = super.activateSession(context, clientToken, sessionId);
      return r instanceof GatewayResult.Success<Session> ok
          ? new GatewayResult.Success<>(ok.value(), Optional.empty())
          : r;
    }
  }

  /** Retries every send once, even one that worked. */
  private static final class PreparesTwice extends DelegatingGateway {
    PreparesTwice(SignInGateway delegate) {
      super(delegate);
    }

    @Override
    public GatewayResult<SignIn> prepareSecondFactor(
        RequestContext context,
        Optional<ClientToken> clientToken,
        String signInId,
        Factor factor,
        Optional<String> redirectUrl) {
      super.prepareSecondFactor(context, clientToken, signInId, factor, redirectUrl);
      return super.prepareSecondFactor(context, clientToken, signInId, factor, redirectUrl);
    }

    @Override
    public GatewayResult<SignIn> attemptSecondFactor(
        RequestContext context,
        Optional<ClientToken> clientToken,
        String signInId,
        Strategy strategy,
        VerificationCode code) {
      return super.attemptSecondFactor(context, clientToken, signInId, strategy, code);
    }
  }
}
