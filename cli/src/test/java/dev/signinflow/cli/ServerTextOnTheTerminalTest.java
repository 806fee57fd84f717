package dev.signinflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionStatus;
import dev.signinflow.engine.SessionTask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile server says reaches the terminal as visible text: no control character it sends
 * can retitle the window, move the cursor or draw a fake prompt.
 */
class ServerTextOnTheTerminalTest {
  /** The probe's input, as JSON text: retitle the window, clear the line, draw a fake prompt. */
  private static final String HOSTILE_LONG_MESSAGE =
      "Password is incorrect.\\u001b]0;owned\\u0007\\u001b[2K\\rPassword: ";

  private static final String HOSTILE_CODE = "form_password_incorrect\\u001b[8m\\u0007";

  /** 8-bit CSI (C1), DEL and a right-to-left override, as JSON text. */
  private static final String C1_AND_BIDI = "Wrong\\u009b2J \\u007f\\u202egnorw";

  @TempDir Path dir;

  private InProcess.Run login(RecordingFapiServer server, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "login",
                "--frontend-api",
                server.url(),
                "--identifier",
                "ada@example.com",
                "--password-stdin",
                "--client-token-file",
                dir.resolve("client-token").toString()));
    args.addAll(List.of(more));
    return InProcess.signin("correct horse battery staple\n", args.toArray(String[]::new));
  }

  private static void assertNoControlCharacters(String printed) {
    assertThat(printed.chars().filter(c -> c != '\n' && (c < 0x20 || (c >= 0x7f && c <= 0x9f))))
        .as("control characters printed")
        .isEmpty();
    assertThat(printed).doesNotContain("\u202e", "\u2066");
  }

  @Test
  void escapesControlCharactersInAServersErrorCodeAndMessage() {
    InProcess.Run run;
    try (RecordingFapiServer server =
        RecordingFapiServer.answering(
            422, RecordingFapiServer.error(HOSTILE_CODE, HOSTILE_LONG_MESSAGE))) {
      run = login(server);
    }

    assertThat(run.exit()).isEqualTo(Signin.FAILED);
    assertNoControlCharacters(run.err());
    assertThat(run.err())
        .contains("Password is incorrect.\\u001b]0;owned\\u0007\\u001b[2K\\u000dPassword: ")
        .contains("form_password_incorrect\\u001b[8m\\u0007");
  }

  @Test
  void escapesC1DeleteAndBidiControlsInAServersMessage() {
    InProcess.Run run;
    try (RecordingFapiServer server =
        RecordingFapiServer.answering(
            422, RecordingFapiServer.error("form_password_incorrect", C1_AND_BIDI))) {
      run = login(server);
    }

    assertNoControlCharacters(run.err());
    assertThat(run.err()).contains("Wrong\\u009b2J \\u007f\\u202egnorw");
  }

  @Test
  void jsonOutputEscapesC1DeleteAndBidiControlsToo() {
    // Jackson escapes C0 controls itself; C1 controls (an 8-bit CSI) and bidi overrides it writes
    // as they are.
    InProcess.Run run;
    try (RecordingFapiServer server =
        RecordingFapiServer.answering(
            422, RecordingFapiServer.error(HOSTILE_CODE, HOSTILE_LONG_MESSAGE + C1_AND_BIDI))) {
      run = login(server, "--json");
    }

    assertNoControlCharacters(run.out());
    assertThat(run.out()).contains("\\u009B2J \\u007F\\u202Egnorw");
  }

  @Test
  void escapesASessionIdStatusAndTaskFromTheServer() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Terminal terminal =
        new Terminal(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            null);
    Session hostile =
        new Session(
            "sess_\u001b[2J",
            "user_\u009b1m",
            SessionStatus.PENDING,
            "pending\u0007",
            List.of(new SessionTask("setup-mfa\u001b]0;x\u0007")));

    new Output(terminal, false, Clock.systemUTC()).session(hostile);
    new Output(terminal, false, Clock.systemUTC()).whoami(hostile, Optional.empty());
    new Output(terminal, false, Clock.systemUTC()).signedOut(List.of(hostile));
    new Output(terminal, true, Clock.systemUTC()).whoami(hostile, Optional.empty());

    String printed = out.toString(StandardCharsets.UTF_8);
    assertNoControlCharacters(printed);
    assertThat(printed)
        .contains("sess_\\u001b[2J", "pending\\u0007", "setup-mfa\\u001b]0;x\\u0007")
        .contains("user_\\u009b1m", "user_\\u009B1m");
  }

  @Test
  void escapesWhatTheCommandSaysOnStandardError() {
    // Masked identifiers and strategies reach standard error through say().
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Terminal terminal =
        new Terminal(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            null);

    new Output(terminal, false, Clock.systemUTC())
        .say("A code was sent by email to a***@e\u001b[1Axample.com.");

    String printed = err.toString(StandardCharsets.UTF_8);
    assertNoControlCharacters(printed);
    assertThat(printed).contains("a***@e\\u001b[1Axample.com.");
  }
}
