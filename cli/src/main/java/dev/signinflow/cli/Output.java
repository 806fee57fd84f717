package dev.signinflow.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.FlowView;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionTask;
import dev.signinflow.engine.StepResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the command tells: progress and errors for people on standard error, and, with {@code
 * --json}, one JSON object per step on standard output. Never a password, code or token.
 *
 * <p>Much of what it prints comes from the server (error codes and messages, session ids and
 * statuses, task keys, masked identifiers), so nothing reaches the terminal unescaped: lines for
 * people go through {@link TerminalText#safe}, and JSON escapes the same characters as <code>
 * &#92;uXXXX</code>.
 */
final class Output {
  private static final JsonFactory JSON =
      new JsonFactoryBuilder().characterEscapes(new TerminalEscapes()).build();

  private final Terminal terminal;
  private final boolean json;
  private final Clock clock;

  /**
   * @param clock what a wait ("in 28 s") is counted from
   */
  Output(Terminal terminal, boolean json, Clock clock) {
    this.terminal = terminal;
    this.json = json;
    this.clock = clock;
  }

  /**
   * How long until {@code at}, for people: "in 28 s", "in 3 min", or "now" once it has passed.
   * Seconds are rounded up, so "in 1 s" never means it is over.
   */
  String in(Instant at) {
    Duration left = Duration.between(clock.instant(), at);
    if (left.isNegative() || left.isZero()) {
      return "now";
    }
    long seconds = left.plusNanos(999_999_999).getSeconds();
    return seconds < 120 ? "in " + seconds + " s" : "in " + (seconds + 59) / 60 + " min";
  }

  /**
   * An error's long message for people. The engine's waits name an instant ({@code
   * resend_available_at}, {@code retry_at}); they are told as a time from now instead.
   */
  String message(ClerkError e) {
    Optional<Instant> resend = instant(e.meta().get("resend_available_at"));
    if (e.code().equals("resend_cooldown") && resend.isPresent()) {
      return "A new code can be sent " + in(resend.get()) + ".";
    }
    Optional<Instant> retry = instant(e.meta().get("retry_at"));
    if (e.code().equals("too_many_requests") && retry.isPresent()) {
      return "Too many requests: try again " + in(retry.get()) + ".";
    }
    return e.longMessage();
  }

  private static Optional<Instant> instant(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A line for people on standard error, its control characters escaped. */
  void say(String line) {
    terminal.err().println(TerminalText.safe(line));
  }

  /** One step: its errors for people, and the JSON line. */
  void step(StepResult r, FlowView view) {
    for (ClerkError e : r.errors().all()) {
      say("  ! " + message(e) + " (" + e.code() + ")");
    }
    if (json) {
      terminal
          .out()
          .println(
              write(
                  g -> {
                    g.writeStartObject();
                    g.writeStringField("state", r.state().name());
                    g.writeStringField("outcome", r.kind().name());
                    g.writeArrayFieldStart("errors");
                    for (ClerkError e : r.errors().all()) {
                      g.writeStartObject();
                      g.writeStringField("code", e.code());
                      g.writeStringField("message", e.message());
                      g.writeStringField("long_message", e.longMessage());
                      g.writeStringField("field", e.paramName().orElse(null));
                      g.writeEndObject();
                    }
                    g.writeEndArray();
                    Optional<Factor> f = view.currentFactor();
                    g.writeFieldName("factor");
                    if (f.isPresent()) {
                      g.writeStartObject();
                      g.writeStringField("strategy", f.get().rawStrategy());
                      g.writeStringField("safe_identifier", f.get().safeIdentifier().orElse(null));
                      g.writeEndObject();
                    } else {
                      g.writeNull();
                    }
                    if (r.retryAt().isPresent()) {
                      g.writeStringField("retry_at", r.retryAt().get().toString());
                    }
                    g.writeEndObject();
                  }));
    }
  }

  /** The end: the session, on standard output. */
  void session(Session s) {
    Optional<SessionTask> task = s.currentTask();
    if (json) {
      terminal
          .out()
          .println(
              write(
                  g -> {
                    g.writeStartObject();
                    g.writeStringField("state", "COMPLETE");
                    g.writeStringField("session_id", s.id());
                    g.writeStringField("user_id", s.userId());
                    g.writeStringField("session_status", s.rawStatus());
                    g.writeStringField("task", task.map(SessionTask::key).orElse(null));
                    g.writeEndObject();
                  }));
    } else {
      terminal
          .out()
          .println(
              TerminalText.safe(
                  "Signed in: session "
                      + s.id()
                      + " of "
                      + s.userId()
                      + " ("
                      + s.rawStatus()
                      + task.map(t -> ", next task: " + t.key()).orElse("")
                      + ")"));
    }
  }

  /**
   * {@code signin whoami}: the device's session and its token's expiry, on standard output.
   *
   * @param tokenExpiresAt the session token's expiry, when one could be had
   */
  void whoami(Session s, Optional<Instant> tokenExpiresAt) {
    if (json) {
      terminal
          .out()
          .println(
              write(
                  g -> {
                    g.writeStartObject();
                    g.writeStringField("user_id", s.userId());
                    g.writeStringField("session_id", s.id());
                    g.writeStringField("session_status", s.rawStatus());
                    g.writeArrayFieldStart("tasks");
                    for (SessionTask t : s.tasks()) {
                      g.writeString(t.key());
                    }
                    g.writeEndArray();
                    g.writeStringField(
                        "token_expires_at", tokenExpiresAt.map(Instant::toString).orElse(null));
                    g.writeEndObject();
                  }));
      return;
    }
    PrintStream out = terminal.out();
    out.println(TerminalText.safe("user:    " + s.userId()));
    out.println(TerminalText.safe("session: " + s.id()));
    out.println(
        TerminalText.safe(
            "status:  "
                + s.rawStatus()
                + s.currentTask().map(t -> " (next task: " + t.key() + ")").orElse("")));
    out.println(
        "token:   "
            + tokenExpiresAt
                .map(at -> "expires " + in(at) + " (" + at + ")")
                .orElse("none could be had"));
  }

  /** {@code signin logout}: the sessions signed out, on standard output. */
  void signedOut(List<Session> sessions) {
    for (Session s : sessions) {
      if (json) {
        terminal
            .out()
            .println(
                write(
                    g -> {
                      g.writeStartObject();
                      g.writeStringField("session_id", s.id());
                      g.writeStringField("user_id", s.userId());
                      g.writeStringField("session_status", s.rawStatus());
                      g.writeEndObject();
                    }));
      } else {
        terminal
            .out()
            .println(TerminalText.safe("Signed out: session " + s.id() + " of " + s.userId()));
      }
    }
  }

  /**
   * JSON's own escapes (C0 controls) plus DEL, the C1 controls and the bidi controls: Jackson
   * writes those as they are, and a terminal showing the JSON may act on them.
   */
  private static final class TerminalEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    TerminalEscapes() {
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch <= 0xffff && TerminalText.isControl((char) ch)
          ? new SerializedString(String.format(Locale.ROOT, "\\u%04X", ch))
          : null;
    }
  }

  @FunctionalInterface
  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(Writer w) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      w.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
