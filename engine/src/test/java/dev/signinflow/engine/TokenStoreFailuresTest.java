package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A client token store that fails (its server is down) gives {@code UNAVAILABLE}, never an
 * exception out of an event or a session call, and never a step built on a token that was not kept.
 */
class TokenStoreFailuresTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final DeviceId DEVICE = DeviceId.of("laptop-1");

  private final SignInGateway gateway = mock(SignInGateway.class);
  private final AtomicBoolean loadFails = new AtomicBoolean();
  private final AtomicBoolean saveFails = new AtomicBoolean();
  private final ClientTokenStore memory = ClientTokenStore.inMemory();
  private final ClientTokenStore store =
      new ClientTokenStore() {
        @Override
        public Optional<ClientToken> load(DeviceId device) {
          if (loadFails.get()) {
            throw new IllegalStateException("connection refused: secret-ish detail");
          }
          return memory.load(device);
        }

        @Override
        public void save(DeviceId device, ClientToken token) {
          if (saveFails.get()) {
            throw new IllegalStateException("connection refused: secret-ish detail");
          }
          memory.save(device, token);
        }
      };
  private final SignInEngine engine =
      SignInEngine.builder().gateway(gateway).clientTokenStore(store).build();

  @Test
  void aStoreThatCannotLoadSendsNothingAndAnswersUnavailable() {
    loadFails.set(true);

    StepResult r = engine.newFlow(DEVICE).submitPassword("ada@example.com", PASSWORD);

    assertThat(r.kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
    assertThat(r.state()).isEqualTo(SignInState.IDENTIFYING);
    assertThat(r.errors().toString()).doesNotContain("secret-ish");
    verifyNoInteractions(gateway);
  }

  @Test
  void aStoreThatCannotSaveTheReturnedTokenAnswersUnavailableAndTheFlowStays() {
    GatewayResult<SignIn> complete =
        new GatewayResult.Success<>(
            ((GatewayResult.Success<SignIn>) Answers.signIn(SignInStatus.COMPLETE)).value(),
            Optional.of(ClientToken.of("tok_new")));
    when(gateway.createSignIn(any(), any(), any(), any())).thenReturn(complete);
    saveFails.set(true);
    SignInFlow flow = engine.newFlow(DEVICE);

    StepResult r = flow.submitPassword("ada@example.com", PASSWORD);

    assertThat(r.kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
    assertThat(flow.state()).isEqualTo(SignInState.IDENTIFYING);
    verify(gateway).createSignIn(any(), any(), any(), any());
  }

  @Test
  void sessionCallsAnswerUnavailableWhenTheStoreCannotLoad() {
    memory.save(DEVICE, ClientToken.of("tok_1"));
    loadFails.set(true);

    for (SessionResult<?> r :
        java.util.List.of(
            engine.session(DEVICE), engine.sessionToken(DEVICE), engine.signOut(DEVICE))) {
      assertThat(r).isInstanceOf(SessionResult.Failed.class);
      assertThat(((SessionResult.Failed<?>) r).kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
    }
    verifyNoInteractions(gateway);
  }
}
