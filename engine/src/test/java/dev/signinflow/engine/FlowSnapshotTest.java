package dev.signinflow.engine;

import static dev.signinflow.engine.SecretMatchers.codeRevealing;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/** Snapshots of flows driven through the real engine: read back, resumed, and continued. */
@ExtendWith(MockitoExtension.class)
class FlowSnapshotTest {
  private static final DeviceId DEVICE = DeviceId.of("browser-7f3a");
  private static final String IDENTIFIER = "ada@example.com";
  private static final String PASSWORD = "Pa55-SECRET-word";
  private static final String CODE = "987654";
  private static final ClientToken SECRET_TOKEN = ClientToken.of("client_jwt.SECRET-T0KEN.x9q");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final MutableClock clock = MutableClock.at(T0);
  private final ClientTokenStore tokens = ClientTokenStore.inMemory();
  @Mock SignInGateway gateway;
  private SignInEngine engine;

  /** Another node: its own engine and gateway, the same token store and clock. */
  @Mock SignInGateway otherGateway;

  private SignInEngine otherEngine;

  @BeforeEach
  void buildEngines() {
    engine = engineWith(gateway);
    otherEngine = engineWith(otherGateway);
  }

  private SignInEngine engineWith(SignInGateway g) {
    return SignInEngine.builder().gateway(g).clock(clock).clientTokenStore(tokens).build();
  }

  /** The server's answer to a send: the sign-in with an unverified verification of a strategy. */
  private static GatewayResult<SignIn> prepared(
      SignInStatus status, Strategy strategy, Factor... factors) {
    return Answers.ok(
        SignIn.of(Answers.SIGN_IN_ID, status)
            .withSecondFactors(List.of(factors))
            .withVerification(
                new Verification(
                    VerificationStatus.UNVERIFIED,
                    strategy,
                    0,
                    Optional.of(T0.plus(Duration.ofMinutes(10))))));
  }

  /** Every state a flow can be parked in, reached through the engine. */
  enum Parked {
    IDENTIFYING_FRESH {
      @Override
      SignInFlow drive(FlowSnapshotTest t) {
        return t.engine.newFlow(DEVICE);
      }
    },
    IDENTIFYING_AFTER_A_WRONG_PASSWORD {
      @Override
      SignInFlow drive(FlowSnapshotTest t) {
        when(t.gateway.createSignIn(any(), any(), any(), any()))
            .thenReturn(Answers.passwordIncorrect());
        return submitted(t, SignInState.IDENTIFYING);
      }
    },
    NEEDS_CLIENT_TRUST_AFTER_A_SEND {
      @Override
      SignInFlow drive(FlowSnapshotTest t) {
        when(t.gateway.createSignIn(any(), any(), any(), any()))
            .thenReturn(Answers.clientTrust(Answers.EMAIL_CODE));
        when(t.gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
            .thenReturn(
                prepared(SignInStatus.NEEDS_CLIENT_TRUST, Strategy.EMAIL_CODE, Answers.EMAIL_CODE));
        return submitted(t, SignInState.NEEDS_CLIENT_TRUST);
      }
    },
    NEEDS_CLIENT_TRUST_AFTER_A_RATE_LIMITED_SEND {
      @Override
      SignInFlow drive(FlowSnapshotTest t) {
        when(t.gateway.createSignIn(any(), any(), any(), any()))
            .thenReturn(Answers.clientTrust(Answers.EMAIL_CODE));
        when(t.gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
            .thenReturn(Answers.rateLimited(T0.plusSeconds(90)));
        return submitted(t, SignInState.NEEDS_CLIENT_TRUST);
      }
    },
    NEEDS_SECOND_FACTOR_WITH_TOTP {
      @Override
      SignInFlow drive(FlowSnapshotTest t) {
        when(t.gateway.createSignIn(any(), any(), any(), any()))
            .thenReturn(
                Answers.signIn(
                    SignInStatus.NEEDS_SECOND_FACTOR, Answers.TOTP, Answers.BACKUP_CODE));
        return submitted(t, SignInState.NEEDS_SECOND_FACTOR);
      }
    },
    NEEDS_SECOND_FACTOR_WITH_SEVERAL_FACTORS {
      @Override
      SignInFlow drive(FlowSnapshotTest t) {
        Factor[] offered = {Answers.EMAIL_CODE, Answers.PHONE_CODE, Answers.BACKUP_CODE};
        when(t.gateway.createSignIn(any(), any(), any(), any()))
            .thenReturn(Answers.signIn(SignInStatus.NEEDS_SECOND_FACTOR, offered));
        when(t.gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
            .thenReturn(prepared(SignInStatus.NEEDS_SECOND_FACTOR, Strategy.PHONE_CODE, offered))
            .thenReturn(prepared(SignInStatus.NEEDS_SECOND_FACTOR, Strategy.EMAIL_CODE, offered));
        SignInFlow flow = submitted(t, SignInState.NEEDS_SECOND_FACTOR);
        t.clock.advance(Duration.ofSeconds(5));
        assertThat(flow.selectFactor(Strategy.EMAIL_CODE).succeeded()).isTrue();
        return flow;
      }
    },
    COMPLETE_BEFORE_FINALIZE {
      @Override
      SignInFlow drive(FlowSnapshotTest t) {
        when(t.gateway.createSignIn(any(), any(), any(), any()))
            .thenReturn(Answers.signIn(SignInStatus.COMPLETE));
        return submitted(t, SignInState.COMPLETE);
      }
    },
    COMPLETE_WITH_A_PENDING_SESSION {
      @Override
      SignInFlow drive(FlowSnapshotTest t) {
        when(t.gateway.createSignIn(any(), any(), any(), any()))
            .thenReturn(Answers.signIn(SignInStatus.COMPLETE));
        when(t.gateway.activateSession(any(), any(), any()))
            .thenReturn(
                Answers.session(
                    SessionStatus.PENDING, SessionTask.CHOOSE_ORGANIZATION, SessionTask.SETUP_MFA));
        SignInFlow flow = submitted(t, SignInState.COMPLETE);
        assertThat(flow.finalizeSession().succeeded()).isTrue();
        return flow;
      }
    },
    LEGACY_NEEDS_SECOND_FACTOR_ON_A_NEW_DEVICE {
      @Override
      SignInFlow drive(FlowSnapshotTest t) {
        when(t.gateway.createSignIn(any(), any(), any(), any()))
            .thenReturn(
                Answers.ok(
                    SignIn.of(Answers.SIGN_IN_ID, SignInStatus.NEEDS_SECOND_FACTOR)
                        .withClientTrustState(ClientTrustState.NEW)
                        .withSecondFactors(List.of(Answers.EMAIL_CODE))));
        when(t.gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
            .thenReturn(
                prepared(
                    SignInStatus.NEEDS_SECOND_FACTOR, Strategy.EMAIL_CODE, Answers.EMAIL_CODE));
        SignInFlow flow = submitted(t, SignInState.NEEDS_SECOND_FACTOR);
        assertThat(flow.view().newDevice()).isTrue();
        return flow;
      }
    };

    abstract SignInFlow drive(FlowSnapshotTest t);

    private static SignInFlow submitted(FlowSnapshotTest t, SignInState expected) {
      SignInFlow flow = t.engine.newFlow(DEVICE);
      assertThat(flow.submitPassword(IDENTIFIER, PASSWORD).state()).isEqualTo(expected);
      return flow;
    }
  }

  private static FlowSnapshot readBack(SignInFlow flow) {
    return FlowSnapshot.fromJson(flow.snapshot().toJson());
  }

  // ---- every state ----------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Parked.class)
  void readsBackASnapshotEqualToTheOriginal(Parked parked) {
    SignInFlow flow = parked.drive(this);

    assertThat(readBack(flow)).isEqualTo(flow.snapshot());
  }

  @ParameterizedTest
  @EnumSource(Parked.class)
  void resumedFlowShowsTheSameView(Parked parked) {
    SignInFlow flow = parked.drive(this);

    SignInFlow resumed = engine.resume(readBack(flow));

    assertThat(resumed.view()).isEqualTo(flow.view());
  }

  @ParameterizedTest
  @EnumSource(Parked.class)
  void resumedFlowOnAnotherEngineShowsTheSameView(Parked parked) {
    SignInFlow flow = parked.drive(this);

    SignInFlow resumed = otherEngine.resume(readBack(flow));

    assertThat(resumed.view()).isEqualTo(flow.view());
  }

  @ParameterizedTest
  @EnumSource(Parked.class)
  void resumingSendsNothing(Parked parked) {
    SignInFlow flow = parked.drive(this);
    clearInvocations(gateway);

    SignInFlow here = engine.resume(readBack(flow));
    SignInFlow there = otherEngine.resume(readBack(flow));
    here.view();
    there.view();

    verifyNoInteractions(gateway, otherGateway);
  }

  // ---- going on after a resume ----------------------------------------------------------------

  @Test
  void verifyingAfterResumeCompletesLikeTheOriginal() {
    SignInFlow flow = Parked.NEEDS_CLIENT_TRUST_AFTER_A_SEND.drive(this);
    SignInFlow resumed = otherEngine.resume(readBack(flow));
    clearInvocations(gateway);
    for (SignInGateway g : List.of(gateway, otherGateway)) {
      when(g.attemptSecondFactor(any(), any(), any(), any(), any()))
          .thenReturn(Answers.signIn(SignInStatus.COMPLETE));
    }

    StepResult original = flow.verifyCode(CODE);
    StepResult again = resumed.verifyCode(CODE);

    assertThat(again.state()).isEqualTo(SignInState.COMPLETE);
    assertThat(again).isEqualTo(original);
    verifyOneAttemptOfTheCodeEach(Strategy.EMAIL_CODE);
    assertThat(resumed.view()).isEqualTo(flow.view());
  }

  @Test
  void aWrongCodeAfterResumeIsTheSameFieldErrorAsOnTheOriginal() {
    SignInFlow flow = Parked.LEGACY_NEEDS_SECOND_FACTOR_ON_A_NEW_DEVICE.drive(this);
    SignInFlow resumed = otherEngine.resume(readBack(flow));
    clearInvocations(gateway);
    for (SignInGateway g : List.of(gateway, otherGateway)) {
      when(g.attemptSecondFactor(any(), any(), any(), any(), any()))
          .thenReturn(Answers.codeIncorrect());
    }

    StepResult original = flow.verifyCode(CODE);
    StepResult again = resumed.verifyCode(CODE);

    assertThat(again.errors().field(FormField.CODE)).hasSize(1);
    assertThat(again).isEqualTo(original);
    verifyOneAttemptOfTheCodeEach(Strategy.EMAIL_CODE);
  }

  @Test
  void finalizingAfterResumeActivatesTheSameSession() {
    SignInFlow flow = Parked.COMPLETE_BEFORE_FINALIZE.drive(this);
    SignInFlow resumed = otherEngine.resume(readBack(flow));
    clearInvocations(gateway);
    for (SignInGateway g : List.of(gateway, otherGateway)) {
      when(g.activateSession(any(), any(), any()))
          .thenReturn(Answers.session(SessionStatus.PENDING, SessionTask.RESET_PASSWORD));
    }

    StepResult original = flow.finalizeSession();
    StepResult again = resumed.finalizeSession();

    assertThat(again).isEqualTo(original);
    for (SignInGateway g : List.of(gateway, otherGateway)) {
      verify(g)
          .activateSession(RequestContext.none(), Optional.of(Answers.TOKEN), Answers.SESSION_ID);
      verifyNoMoreInteractions(g);
    }
    assertThat(resumed.view().session()).isPresent().isEqualTo(flow.view().session());
  }

  @Test
  void switchingBackWithinTheCooldownSendsNothingAfterResumeEither() {
    SignInFlow flow = Parked.NEEDS_SECOND_FACTOR_WITH_SEVERAL_FACTORS.drive(this);
    SignInFlow resumed = otherEngine.resume(readBack(flow));
    clearInvocations(gateway);

    StepResult original = flow.selectFactor(Strategy.PHONE_CODE);
    StepResult again = resumed.selectFactor(Strategy.PHONE_CODE);

    assertThat(again).isEqualTo(original);
    verifyNoInteractions(gateway, otherGateway);
    assertThat(resumed.view()).isEqualTo(flow.view());
  }

  @Test
  void resendRightAfterResumeIsRefusedWithTheSameRetryAt() {
    SignInFlow flow = Parked.NEEDS_CLIENT_TRUST_AFTER_A_SEND.drive(this);
    clock.advance(Duration.ofSeconds(10));
    SignInFlow resumed = otherEngine.resume(readBack(flow));

    StepResult again = resumed.resendCode();

    assertThat(again.kind()).isEqualTo(OutcomeKind.NOT_ALLOWED);
    assertThat(again.retryAt()).contains(T0.plusSeconds(30));
    assertThat(again).isEqualTo(flow.resendCode());
    verifyNoInteractions(otherGateway);
  }

  @Test
  void resendAfterTheCooldownSendsFromTheResumedFlow() {
    SignInFlow flow = Parked.NEEDS_CLIENT_TRUST_AFTER_A_SEND.drive(this);
    FlowSnapshot snapshot = readBack(flow);
    clock.advance(Duration.ofSeconds(31));
    when(otherGateway.prepareSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(
            prepared(SignInStatus.NEEDS_CLIENT_TRUST, Strategy.EMAIL_CODE, Answers.EMAIL_CODE));

    StepResult again = otherEngine.resume(snapshot).resendCode();

    assertThat(again.succeeded()).isTrue();
    verify(otherGateway)
        .prepareSecondFactor(
            RequestContext.none(),
            Optional.of(Answers.TOKEN),
            Answers.SIGN_IN_ID,
            Answers.EMAIL_CODE,
            Optional.empty());
    verifyNoMoreInteractions(otherGateway);
  }

  @Test
  void serverRetryAfterSurvivesASnapshot() {
    SignInFlow flow = Parked.NEEDS_CLIENT_TRUST_AFTER_A_RATE_LIMITED_SEND.drive(this);
    clock.advance(Duration.ofSeconds(40));

    StepResult again = otherEngine.resume(readBack(flow)).resendCode();

    assertThat(again.kind()).isEqualTo(OutcomeKind.NOT_ALLOWED);
    assertThat(again.retryAt()).contains(T0.plusSeconds(90));
    verifyNoInteractions(otherGateway);
  }

  @Test
  void sendTimesAreKeptToTheMillisecondSoSnapshotsStaySmall() {
    clock.advance(Duration.ofNanos(123_456_789));
    SignInFlow flow = Parked.NEEDS_CLIENT_TRUST_AFTER_A_SEND.drive(this);

    String json = flow.snapshot().toJson();

    assertThat(json).contains("\"email_code\":" + T0.plusMillis(123).toEpochMilli());
    assertThat(FlowSnapshot.fromJson(json)).isEqualTo(flow.snapshot());
  }

  // ---- what a snapshot holds ------------------------------------------------------------------

  @Test
  void snapshotsNeverHoldThePasswordTheCodeOrTheClientToken() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(secretToken(Answers.passwordIncorrect()))
        .thenReturn(secretToken(Answers.clientTrust(Answers.EMAIL_CODE)))
        .thenReturn(secretToken(Answers.signIn(SignInStatus.NEEDS_SECOND_FACTOR, Answers.TOTP)));
    when(gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(
            secretToken(
                prepared(
                    SignInStatus.NEEDS_CLIENT_TRUST, Strategy.EMAIL_CODE, Answers.EMAIL_CODE)));
    when(gateway.attemptSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(secretToken(Answers.codeIncorrect()))
        .thenReturn(secretToken(Answers.signIn(SignInStatus.COMPLETE)))
        .thenReturn(secretToken(Answers.codeIncorrect()));
    when(gateway.activateSession(any(), any(), any()))
        .thenReturn(secretToken(Answers.session(SessionStatus.ACTIVE)));
    SignInFlow flow = engine.newFlow(DEVICE);
    List<FlowSnapshot> snapshots = new ArrayList<>();

    flow.submitPassword(IDENTIFIER, PASSWORD);
    snapshots.add(flow.snapshot());
    flow.submitPassword(IDENTIFIER, PASSWORD);
    snapshots.add(flow.snapshot());
    flow.verifyCode(CODE);
    snapshots.add(flow.snapshot());
    flow.verifyCode(CODE);
    snapshots.add(flow.snapshot());
    flow.finalizeSession();
    snapshots.add(flow.snapshot());
    flow.reset();
    flow.submitPassword(IDENTIFIER, PASSWORD);
    flow.verifyCode(CODE);
    snapshots.add(flow.snapshot());

    assertThat(tokens.load(DEVICE)).contains(SECRET_TOKEN);
    verify(gateway, times(3))
        .attemptSecondFactor(any(), any(), eq(Answers.SIGN_IN_ID), any(), codeRevealing(CODE));
    for (FlowSnapshot s : snapshots) {
      assertThat(s.toJson() + " " + s)
          .doesNotContain(PASSWORD)
          .doesNotContain(CODE)
          .doesNotContain(SECRET_TOKEN.reveal())
          .doesNotContain("SECRET");
    }
  }

  @Test
  void typicalClientTrustSnapshotIsAtMost600Bytes() {
    // Realistic lengths: Clerk ids are a prefix and 27 characters, the device id is a UUID, and a
    // system clock has nanoseconds, so the send time is written as an ISO-8601 string.
    clock.advance(Duration.ofNanos(123_456_789));
    Factor email =
        new Factor(
            Strategy.EMAIL_CODE,
            "email_code",
            Optional.of("idn_2zK4Q9aB3dF5gH7jK9lM1nP3qR5"),
            Optional.of("a***@example.com"),
            true,
            false);
    SignIn signIn =
        SignIn.of("sia_2zK4Q8mV1xT7bN3cR9wE5yL0pH6", SignInStatus.NEEDS_CLIENT_TRUST)
            .withClientTrustState(ClientTrustState.NEW)
            .withSecondFactors(List.of(email));
    when(gateway.createSignIn(any(), any(), any(), any())).thenReturn(Answers.ok(signIn));
    when(gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(
            Answers.ok(
                signIn.withVerification(
                    new Verification(
                        VerificationStatus.UNVERIFIED,
                        Strategy.EMAIL_CODE,
                        0,
                        Optional.of(T0.plus(Duration.ofMinutes(10)))))));
    SignInFlow flow = engine.newFlow(DeviceId.of("browser-7f3a9c2e-41d8-4b6a-9f0e-2c5d8a1b3e47"));
    flow.submitPassword("ada.lovelace@example.com", PASSWORD);

    String json = flow.snapshot().toJson();
    int size = json.getBytes(UTF_8).length;

    assertThat(size).as("snapshot is %d bytes: %s", size, json).isLessThanOrEqualTo(600);
  }

  /**
   * Verifies the original flow's gateway and the resumed flow's each got one call, the same: an
   * attempt of {@link #CODE} with this strategy on the sign-in, with the device's token.
   */
  private void verifyOneAttemptOfTheCodeEach(Strategy strategy) {
    for (SignInGateway g : List.of(gateway, otherGateway)) {
      verify(g)
          .attemptSecondFactor(
              eq(RequestContext.none()),
              eq(Optional.of(Answers.TOKEN)),
              eq(Answers.SIGN_IN_ID),
              eq(strategy),
              codeRevealing(CODE));
      verifyNoMoreInteractions(g);
    }
  }

  private static <T> GatewayResult<T> secretToken(GatewayResult<T> answer) {
    if (answer instanceof GatewayResult.Success<T> ok) {
      return new GatewayResult.Success<>(ok.value(), Optional.of(SECRET_TOKEN));
    }
    if (answer instanceof GatewayResult.Rejected<T> rejected) {
      return new GatewayResult.Rejected<>(
          rejected.httpStatus(), rejected.errors(), Optional.of(SECRET_TOKEN));
    }
    throw new IllegalArgumentException("not scripted here: " + answer);
  }
}
