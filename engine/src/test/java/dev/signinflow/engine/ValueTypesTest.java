package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.engine.spi.SignInStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {

  @Test
  void emailDomainIsLowerCasedAndLocalPartKept() {
    Identifier id = Identifier.parse("  Ada.Lovelace@Example.COM ");
    assertThat(id.kind()).isEqualTo(Identifier.Kind.EMAIL_ADDRESS);
    assertThat(id.value()).isEqualTo("Ada.Lovelace@example.com");
  }

  @Test
  void phoneNumberPunctuationIsDropped() {
    Identifier id = Identifier.parse("+1 (555) 555-0100");
    assertThat(id.kind()).isEqualTo(Identifier.Kind.PHONE_NUMBER);
    assertThat(id.value()).isEqualTo("+15555550100");
  }

  @Test
  void anythingElseOfUsernameFormIsAUsername() {
    assertThat(Identifier.parse("ada_l").kind()).isEqualTo(Identifier.Kind.USERNAME);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "a@b", "@example.com", "ada@", "+12", "+0123456789", "a b"})
  void malformedIdentifiersAreRefused(String text) {
    assertThat(Identifier.tryParse(text)).isEmpty();
    assertThatThrownBy(() -> Identifier.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void absurdlyLongIdentifierIsRefusedWithoutQuotingIt() {
    String text = "a".repeat(10_000) + "@example.com";
    assertThatThrownBy(() -> Identifier.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("characters")
        .message()
        .hasSizeLessThan(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "slash/", "ü"})
  void malformedDeviceIdsAreRefused(String text) {
    assertThatThrownBy(() -> DeviceId.of(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deviceIdOfAtMost128CharactersIsAccepted() {
    assertThat(DeviceId.of("b".repeat(128)).value()).hasSize(128);
    assertThatThrownBy(() -> DeviceId.of("b".repeat(129)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownWireNamesMapToUnknown() {
    assertThat(Strategy.fromWireName("passkey")).isEqualTo(Strategy.UNKNOWN);
    assertThat(SignInStatus.fromWireName("needs_something_new")).isEqualTo(SignInStatus.UNKNOWN);
    assertThat(SessionStatus.fromWireName("")).isEqualTo(SessionStatus.UNKNOWN);
    assertThat(ClientTrustState.fromWireName("maybe")).isEqualTo(ClientTrustState.UNKNOWN);
    assertThat(VerificationStatus.fromWireName("x")).isEqualTo(VerificationStatus.UNKNOWN);
  }

  @Test
  void knownWireNamesRoundTrip() {
    for (Strategy s : Strategy.values()) {
      if (s != Strategy.UNKNOWN) {
        assertThat(Strategy.fromWireName(s.wireName())).isEqualTo(s);
      }
    }
    for (SignInStatus s : SignInStatus.values()) {
      if (s != SignInStatus.UNKNOWN) {
        assertThat(SignInStatus.fromWireName(s.wireName())).isEqualTo(s);
      }
    }
  }

  @Test
  void resendPolicyRefusesNonsense() {
    assertThatThrownBy(() -> ResendPolicy.of(Duration.ofSeconds(-1), 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResendPolicy.of(Duration.ofSeconds(30), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ResendPolicy.defaults().cooldown()).isEqualTo(Duration.ofSeconds(30));
    assertThat(ResendPolicy.defaults().maxSendsPerSignIn()).isEqualTo(5);
  }

  @Test
  void engineNeedsAGateway() {
    assertThatThrownBy(() -> SignInEngine.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gateway");
  }

  @Test
  void aFlowLeaseMustBePositive() {
    assertThatThrownBy(() -> SignInEngine.builder().flowLease(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> SignInEngine.builder().flowLease(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    SignInEngine.Builder builder = SignInEngine.builder();
    assertThat(builder.flowLease(Duration.ofMillis(1))).isSameAs(builder);
  }

  @Test
  void emailLinkRedirectMustBeAnAbsoluteHttpUrl() {
    assertThatThrownBy(() -> SignInEngine.builder().emailLinkRedirectUrl("/relative"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignInEngine.builder().emailLinkRedirectUrl("ftp://x.example/"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void errorsAreGroupedByFormField() {
    FlowErrors errors =
        FlowErrors.of(
            java.util.List.of(
                new ClerkError(
                    "form_code_incorrect",
                    "m",
                    "l",
                    java.util.Map.of("param_name", "code"),
                    java.util.Optional.empty()),
                ClerkError.of("user_locked", "m", "l"),
                new ClerkError(
                    "x",
                    "m",
                    "l",
                    java.util.Map.of("param_name", "strategy"),
                    java.util.Optional.empty())));
    assertThat(errors.field(FormField.CODE))
        .extracting(ClerkError::code)
        .containsExactly("form_code_incorrect");
    assertThat(errors.global()).extracting(ClerkError::code).containsExactly("user_locked", "x");
    assertThat(errors.field(FormField.PASSWORD)).isEmpty();
  }
}
