package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import dev.signinflow.engine.spi.VerificationCode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Shows that {@link SignInGatewayContract} can fail: it runs the contract, with the JUnit Platform
 * test kit, against gateways that are each broken in one way, and expects the contract test named
 * for that behaviour to fail. The honest reference runs the same way and must pass.
 *
 * <p>The contract subclasses below are static nested classes whose names do not end in {@code
 * Test}, so surefire does not pick them up, and they are disabled unless the test kit sets {@link
 * #RUN_BROKEN}, so an IDE that runs everything skips them too.
 */
class ContractCatchesBrokenGatewaysTest {
  static final String RUN_BROKEN = "signinflow.contract.runBrokenGateways";

  @Test
  void honestReferencePassesUnderTheTestKit() {
    EngineExecutionResults results = run(HonestContract.class);

    assertThat(results.testEvents().failed().count()).isZero();
    assertThat(results.testEvents().succeeded().count()).isGreaterThan(20);
  }

  @Test
  void droppingTheTokenFromErrorsIsCaught() {
    assertThat(failedTests(TokenDroppingContract.class))
        .contains(
            "rejectionOnFirstContactStillReturnsAClientToken",
            "everyLaterResultCarriesAClientToken");
  }

  @Test
  void acceptingAWrongCodeIsCaught() {
    assertThat(failedTests(WrongCodeAcceptingContract.class))
        .contains("wrongCodeIsRejectedAsIncorrectCode");
  }

  @Test
  void forgettingKnownDevicesIsCaught() {
    assertThat(failedTests(DeviceForgettingContract.class))
        .contains("sameDeviceSigningInAgainCompletesAtOnce");
  }

  @Test
  void hidingAReplacedSignInIsCaught() {
    assertThat(failedTests(GoneHidingContract.class))
        .contains("replacedSignInRefusesMutationsAsGone");
  }

  @Test
  void signingOutWithEndInsteadOfRemoveIsCaught() {
    assertThat(failedTests(EndForRemoveContract.class))
        .contains("removeSignsTheSessionOutAndTakesItOffTheClient");
  }

  @Test
  void hidingTheClientsSessionsIsCaught() {
    assertThat(failedTests(SessionHidingContract.class))
        .contains(
            "clientListsTheCompletedSessionAsItsCurrentOne",
            "signingInAgainOnASignedInDeviceCreatesNoSecondSession");
  }

  @Test
  void throwingOnAServerFailureIsCaught() {
    assertThat(failedTests(ThrowingContract.class))
        .contains("serverFailureIsUnavailableNotAnException");
  }

  private static EngineExecutionResults run(Class<?> contract) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(RUN_BROKEN, "true")
        .selectors(selectClass(contract))
        .execute();
  }

  /** The names of the contract tests that failed; at least one, or the broken gateway passed. */
  private static List<String> failedTests(Class<? extends SignInGatewayContract> contract) {
    EngineExecutionResults results = run(contract);
    assertThat(results.testEvents().started().count())
        .as("contract tests run against %s", contract.getSimpleName())
        .isGreaterThan(20);
    List<String> failed =
        results.testEvents().failed().stream()
            .map(ContractCatchesBrokenGatewaysTest::methodName)
            .toList();
    assertThat(failed).as("failed contract tests for %s", contract.getSimpleName()).isNotEmpty();
    System.out.println(contract.getSimpleName() + " is caught by " + failed);
    return failed;
  }

  private static String methodName(Event e) {
    return e.getTestDescriptor()
        .getSource()
        .filter(MethodSource.class::isInstance)
        .map(s -> ((MethodSource) s).getMethodName())
        .orElse(e.getTestDescriptor().getDisplayName());
  }

  // ---- the contract against the reference, wrapped

  /** Runs a contract class only under the test kit of the enclosing test. */
  static final class OnlyUnderTestKit implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(RUN_BROKEN).filter("true"::equals).isPresent()
          ? ConditionEvaluationResult.enabled("run by ContractCatchesBrokenGatewaysTest")
          : ConditionEvaluationResult.disabled(
              "a deliberately broken gateway; run by ContractCatchesBrokenGatewaysTest");
    }
  }

  @ExtendWith(OnlyUnderTestKit.class)
  abstract static class WrappedReferenceContract extends SignInGatewayContract {
    private ReferenceWorld world;
    private SignInGateway gateway;

    /** The gateway to test, made from the honest one. */
    abstract SignInGateway wrap(SignInGateway honest);

    @BeforeEach
    void freshServer() {
      world = ReferenceWorld.fresh(ReferenceGateway.Settings.DEFAULTS);
      gateway = wrap(world.server());
    }

    @Override
    protected SignInGateway gateway() {
      return gateway;
    }

    @Override
    protected ContractWorld world() {
      return world;
    }
  }

  static class HonestContract extends WrappedReferenceContract {
    @Override
    SignInGateway wrap(SignInGateway honest) {
      return honest;
    }
  }

  /** Loses the client token of every rejection, as an adapter that reads the header too late. */
  static class TokenDroppingContract extends WrappedReferenceContract {
    @Override
    SignInGateway wrap(SignInGateway honest) {
      return new ForwardingGateway(honest) {
        @Override
        <T> GatewayResult<T> after(GatewayResult<T> r) {
          return r instanceof GatewayResult.Rejected<T> x
              ? new GatewayResult.Rejected<>(x.httpStatus(), x.errors(), Optional.empty())
              : r;
        }
      };
    }
  }

  /** Reports {@code complete} for a wrong code. */
  static class WrongCodeAcceptingContract extends WrappedReferenceContract {
    @Override
    SignInGateway wrap(SignInGateway honest) {
      return new ForwardingGateway(honest) {
        @Override
        public GatewayResult<SignIn> attemptSecondFactor(
            RequestContext context,
            Optional<ClientToken> clientToken,
            String signInId,
            Strategy strategy,
            VerificationCode code) {
          GatewayResult<SignIn> r =
              super.attemptSecondFactor(context, clientToken, signInId, strategy, code);
          if (r instanceof GatewayResult.Rejected<SignIn> x
              && x.errors().get(0).code().equals("form_code_incorrect")) {
            return new GatewayResult.Success<>(
                SignIn.of(signInId, SignInStatus.COMPLETE).withCreatedSessionId("sess_forged"),
                x.clientToken());
          }
          return r;
        }
      };
    }
  }

  /** Does not send the device's token when it creates a sign-in, so every device looks new. */
  static class DeviceForgettingContract extends WrappedReferenceContract {
    @Override
    SignInGateway wrap(SignInGateway honest) {
      return new ForwardingGateway(honest) {
        @Override
        public GatewayResult<SignIn> createSignIn(
            RequestContext context,
            Optional<ClientToken> clientToken,
            Identifier identifier,
            Password password) {
          return super.createSignIn(context, Optional.empty(), identifier, password);
        }
      };
    }
  }

  /** Turns 403 {@code resource_forbidden} into an ordinary 400, hiding a replaced sign-in. */
  static class GoneHidingContract extends WrappedReferenceContract {
    @Override
    SignInGateway wrap(SignInGateway honest) {
      return new ForwardingGateway(honest) {
        @Override
        <T> GatewayResult<T> after(GatewayResult<T> r) {
          if (r instanceof GatewayResult.Rejected<T> x && x.httpStatus() == 403) {
            return new GatewayResult.Rejected<>(
                400,
                List.of(ClerkError.of("client_state_invalid", "invalid", "invalid")),
                x.clientToken());
          }
          return r;
        }
      };
    }
  }

  /** Calls {@code end} for {@code remove}: the session stays listed, as {@code ended}. */
  static class EndForRemoveContract extends WrappedReferenceContract {
    @Override
    SignInGateway wrap(SignInGateway honest) {
      return new ForwardingGateway(honest) {
        @Override
        public GatewayResult<Session> removeSession(
            RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
          return super.endSession(context, clientToken, sessionId);
        }
      };
    }
  }

  /** Reads the client without its sessions, as an adapter that maps the wrong field. */
  static class SessionHidingContract extends WrappedReferenceContract {
    @Override
    SignInGateway wrap(SignInGateway honest) {
      return new ForwardingGateway(honest) {
        @Override
        public GatewayResult<Client> getClient(
            RequestContext context, Optional<ClientToken> clientToken) {
          GatewayResult<Client> r = super.getClient(context, clientToken);
          return r instanceof GatewayResult.Success<Client> ok
              ? new GatewayResult.Success<>(
                  new Client(ok.value().id(), List.of(), Optional.empty()), ok.clientToken())
              : r;
        }
      };
    }
  }

  /** Throws when the server fails instead of answering {@code Unavailable}. */
  static class ThrowingContract extends WrappedReferenceContract {
    @Override
    SignInGateway wrap(SignInGateway honest) {
      return new ForwardingGateway(honest) {
        @Override
        <T> GatewayResult<T> after(GatewayResult<T> r) {
          if (r instanceof GatewayResult.Unavailable<T> x) {
            throw new IllegalStateException(x.reason());
          }
          return r;
        }
      };
    }
  }

  /** Forwards every call and passes each result through {@link #after}. */
  static class ForwardingGateway implements SignInGateway {
    private final SignInGateway delegate;

    ForwardingGateway(SignInGateway delegate) {
      this.delegate = delegate;
    }

    /** What the broken gateway does to a result; the identity here. */
    <T> GatewayResult<T> after(GatewayResult<T> r) {
      return r;
    }

    @Override
    public GatewayResult<SignIn> createSignIn(
        RequestContext context,
        Optional<ClientToken> clientToken,
        Identifier identifier,
        Password password) {
      return after(delegate.createSignIn(context, clientToken, identifier, password));
    }

    @Override
    public GatewayResult<SignIn> prepareSecondFactor(
        RequestContext context,
        Optional<ClientToken> clientToken,
        String signInId,
        Factor factor,
        Optional<String> redirectUrl) {
      return after(
          delegate.prepareSecondFactor(context, clientToken, signInId, factor, redirectUrl));
    }

    @Override
    public GatewayResult<SignIn> attemptSecondFactor(
        RequestContext context,
        Optional<ClientToken> clientToken,
        String signInId,
        Strategy strategy,
        VerificationCode code) {
      return after(delegate.attemptSecondFactor(context, clientToken, signInId, strategy, code));
    }

    @Override
    public GatewayResult<SignIn> getSignIn(
        RequestContext context, Optional<ClientToken> clientToken, String signInId) {
      return after(delegate.getSignIn(context, clientToken, signInId));
    }

    @Override
    public GatewayResult<Session> activateSession(
        RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
      return after(delegate.activateSession(context, clientToken, sessionId));
    }

    @Override
    public GatewayResult<Client> getClient(
        RequestContext context, Optional<ClientToken> clientToken) {
      return after(delegate.getClient(context, clientToken));
    }

    @Override
    public GatewayResult<SessionToken> createSessionToken(
        RequestContext context,
        Optional<ClientToken> clientToken,
        String sessionId,
        Optional<String> organizationId) {
      return after(delegate.createSessionToken(context, clientToken, sessionId, organizationId));
    }

    @Override
    public GatewayResult<Session> endSession(
        RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
      return after(delegate.endSession(context, clientToken, sessionId));
    }

    @Override
    public GatewayResult<Session> removeSession(
        RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
      return after(delegate.removeSession(context, clientToken, sessionId));
    }

    @Override
    public GatewayResult<Client> removeAllSessions(
        RequestContext context, Optional<ClientToken> clientToken) {
      return after(delegate.removeAllSessions(context, clientToken));
    }
  }
}
