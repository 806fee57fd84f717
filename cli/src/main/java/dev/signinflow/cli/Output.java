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
import java.io.StringWriter;
import java.io.UncheckedIOException;
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

  Output(Terminal terminal, boolean json) {
    this.terminal = terminal;
    this.json = json;
  }

  /** A line for people on standard error, its control characters escaped. */
  void say(String line) {
    terminal.err().println(TerminalText.safe(line));
  }

  /** One step: its errors for people, and the JSON line. */
  void step(StepResult r, FlowView view) {
    for (ClerkError e : r.errors().all()) {
      say("  ! " + e.longMessage() + " (" + e.code() + ")");
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
                      + " ("
                      + s.rawStatus()
                      + task.map(t -> ", next task: " + t.key()).orElse("")
                      + ")"));
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
