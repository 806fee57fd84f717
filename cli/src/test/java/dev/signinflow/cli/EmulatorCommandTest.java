package dev.signinflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code signin emulator}'s arguments refused before it listens; a running emulator is {@link
 * SigninProcessesIT}'s.
 */
class EmulatorCommandTest {
  @Test
  void allowOriginThatIsNotAnOriginIsAUsageError() {
    InProcess.Run run =
        InProcess.signin("", "emulator", "--port", "0", "--allow-origin", "localhost:5173/app");
    assertThat(run.exit()).isEqualTo(Signin.USAGE);
    assertThat(run.err()).contains("not an origin", "http://localhost:3000");
    assertThat(run.out()).doesNotContain("Frontend API");
  }

  @Test
  void allowOriginIsEscapedWhenQuoted() {
    InProcess.Run run =
        InProcess.signin("", "emulator", "--port", "0", "--allow-origin", "x\u001b]0;pwned\u0007");
    assertThat(run.exit()).isEqualTo(Signin.USAGE);
    assertThat(run.printed()).doesNotContain("\u001b").doesNotContain("\u0007");
  }
}
