package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/**
 * The input limits checked before anything is sent, exact to the character: the longest value
 * allowed goes on (to the server, or to the next check), one character more is refused as too long.
 */
@ExtendWith(MockitoExtension.class)
class InputLimitsTest {
  private static final String TOO_LONG = "form_param_max_length_exceeded";
  private static final String MALFORMED = "form_param_format_invalid";

  @Mock SignInGateway gateway;

  private SignInFlow flow() {
    return SignInEngine.builder().gateway(gateway).build().newFlow(DeviceId.of("browser-1"));
  }

  private static String only(StepResult step, FormField field) {
    assertThat(step.kind()).isEqualTo(OutcomeKind.INVALID_INPUT);
    assertThat(step.errors().field(field)).hasSize(1);
    return step.errors().field(field).get(0).code();
  }

  @Test
  void aPasswordOf1024CharactersIsSentAndOneOf1025IsRefusedUnsent() {
    when(gateway.createSignIn(any(), any(), any(), any())).thenReturn(Answers.passwordIncorrect());

    StepResult sent = flow().submitPassword("ada@example.com", "p".repeat(1024));
    assertThat(sent.kind()).isEqualTo(OutcomeKind.CLERK_ERROR);
    assertThat(sent.errors().has("form_password_incorrect")).isTrue();
    verify(gateway).createSignIn(any(), any(), any(), any());

    StepResult refused = flow().submitPassword("ada@example.com", "p".repeat(1025));
    assertThat(only(refused, FormField.PASSWORD)).isEqualTo(TOO_LONG);
  }

  @Test
  void anIdentifierOf256CharactersIsJudgedByItsFormAndOneOf257IsTooLong() {
    // No identifier of 256 characters has a valid form (a username is at most 64), so it is
    // refused as malformed, not as too long.
    assertThat(only(flow().submitPassword("a".repeat(256), "pw"), FormField.IDENTIFIER))
        .isEqualTo(MALFORMED);
    assertThat(only(flow().submitPassword("a".repeat(257), "pw"), FormField.IDENTIFIER))
        .isEqualTo(TOO_LONG);
    assertThat(only(flow().submitPassword(" " + "a".repeat(256) + " ", "pw"), FormField.IDENTIFIER))
        .as("the length is counted without surrounding white space")
        .isEqualTo(MALFORMED);
    verifyNoInteractions(gateway);
  }

  @Test
  void aCodeOf64CharactersIsJudgedByItsFormAndOneOf65IsTooLong() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(Answers.signIn(SignInStatus.NEEDS_SECOND_FACTOR, Answers.TOTP));
    SignInFlow flow = flow();
    assertThat(flow.submitPassword("ada@example.com", "pw").state())
        .isEqualTo(SignInState.NEEDS_SECOND_FACTOR);

    assertThat(only(flow.verifyCode("1".repeat(64)), FormField.CODE)).isEqualTo(MALFORMED);
    assertThat(only(flow.verifyCode("1".repeat(65)), FormField.CODE)).isEqualTo(TOO_LONG);
  }
}
