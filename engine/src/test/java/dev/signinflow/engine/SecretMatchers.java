package dev.signinflow.engine;

import static org.mockito.ArgumentMatchers.argThat;

import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.VerificationCode;
import java.util.function.Function;
import org.mockito.ArgumentMatcher;

/**
 * Mockito argument matchers for the secret value types. A {@link Password} or a {@link
 * VerificationCode} is equal only to itself, so {@code eq(...)} cannot match the one the engine
 * made; these compare the revealed value instead.
 */
final class SecretMatchers {
  private SecretMatchers() {}

  /** A password whose revealed value is {@code clear}. */
  static Password passwordRevealing(String clear) {
    return argThat(new Revealing<>("password", Password::reveal, clear));
  }

  /** A code whose revealed value is {@code clear}. */
  static VerificationCode codeRevealing(String clear) {
    return argThat(new Revealing<>("code", VerificationCode::reveal, clear));
  }

  /** Matches a secret by its value; says which value it wanted when a verification fails. */
  private record Revealing<T>(String what, Function<T, String> reveal, String clear)
      implements ArgumentMatcher<T> {
    @Override
    public boolean matches(T actual) {
      return actual != null && clear.equals(reveal.apply(actual));
    }

    @Override
    public String toString() {
      return what + " revealing \"" + clear + "\"";
    }
  }
}
