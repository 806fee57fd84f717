package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import dev.signinflow.engine.spi.VerificationCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class SecretsTest {
  private static final String PASSWORD = "Pa55-SECRET-word";
  private static final String CODE = "987654";
  private static final String TOKEN = "client.SECRET-TOKEN.jwt";

  @Mock SignInGateway gateway;

  @Test
  void passwordToStringIsRedacted() {
    assertThat(Password.of(PASSWORD).toString()).isEqualTo("Password[redacted]");
  }

  @Test
  void codeToStringIsRedacted() {
    assertThat(VerificationCode.of(CODE).toString()).isEqualTo("VerificationCode[redacted]");
  }

  @Test
  void clientTokenToStringIsRedacted() {
    assertThat(ClientToken.of(TOKEN).toString()).isEqualTo("ClientToken[redacted]");
  }

  @Test
  void passwordsAreNotComparedByValue() {
    assertThat(Password.of(PASSWORD)).isNotEqualTo(Password.of(PASSWORD));
  }

  @Test
  void malformedTokenMessageDoesNotQuoteTheToken() {
    assertThatThrownBy(() -> ClientToken.of("SECRET part with space"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("SECRET");
  }

  @Test
  void noSecretInResultsViewsOrFlowText() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(
            new GatewayResult.Success<>(
                SignIn.of("sia_1", SignInStatus.NEEDS_CLIENT_TRUST)
                    .withSecondFactors(List.of(Answers.EMAIL_CODE)),
                Optional.of(ClientToken.of(TOKEN))));
    when(gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(Answers.signIn(SignInStatus.NEEDS_CLIENT_TRUST, Answers.EMAIL_CODE));
    when(gateway.attemptSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(Answers.codeIncorrect());
    SignInFlow flow =
        SignInEngine.builder()
            .gateway(gateway)
            .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
            .build()
            .newFlow(DeviceId.of("d1"));

    String texts =
        flow.submitPassword("ada@example.com", PASSWORD)
            + " "
            + flow.verifyCode(CODE)
            + " "
            + flow.verifyCode("12ab" + CODE)
            + " "
            + flow.view()
            + " "
            + flow;

    assertThat(texts).doesNotContain(PASSWORD, CODE, TOKEN);
  }
}
