package dev.signinflow.cli;

import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code signin} command: signs in against Clerk's Frontend API, or its emulator, from a
 * terminal.
 *
 * <p>Exit codes: 0 done (signed in, a token printed, signed out); 1 sign-in failed (credentials,
 * codes, lockout, another account signed in) or the server refused; 2 usage error; 3 server
 * unavailable or rate limited; 4 not signed in on this device ({@code token}, {@code whoami}).
 */
@Command(
    name = "signin",
    mixinStandardHelpOptions = true,
    versionProvider = Signin.Version.class,
    description = "Clerk password sign-in (Client Trust, MFA) from the terminal.",
    subcommands = {
      DemoCommand.class,
      LoginCommand.class,
      TokenCommand.class,
      WhoamiCommand.class,
      LogoutCommand.class,
      EmulatorCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done: signed in, token printed, signed out",
      "1:sign-in failed (credentials, codes, lockout, another account signed in) or refused",
      "2:usage error",
      "3:server unavailable or rate limited",
      "4:not signed in on this device (token, whoami)"
    })
public final class Signin implements Runnable {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int UNAVAILABLE = 3;
  static final int NOT_SIGNED_IN = 4;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(Terminal.system(), args));
  }

  /** Runs the command on a terminal and returns its exit code. */
  static int run(Terminal terminal, String... args) {
    return run(terminal, Clock.systemUTC(), args);
  }

  /**
   * Runs the command on a terminal with this clock (what "in 28 s" is counted from, and the
   * engine's and transport's time) and returns its exit code.
   */
  static int run(Terminal terminal, Clock clock, String... args) {
    CommandLine cli = new CommandLine(new Signin(), new Factory(terminal, clock));
    cli.setOut(new PrintWriter(terminal.out(), true));
    cli.setErr(new PrintWriter(terminal.err(), true));
    cli.setExitCodeExceptionMapper(e -> UNAVAILABLE);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          terminal.err().println(TerminalText.safe("signin: " + e.getMessage()));
          terminal.err().println("Try 'signin " + subcommand(e) + "--help'.");
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          // Expected failures are handled by the commands; this is the last guard, no stack trace.
          // The message may quote what a server sent: escaped.
          terminal
              .err()
              .println(
                  TerminalText.safe(
                      "signin: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
          return UNAVAILABLE;
        });
    return cli.execute(args);
  }

  private static String subcommand(CommandLine.ParameterException e) {
    CommandLine c = e.getCommandLine();
    return c.getParent() == null ? "" : c.getCommandName() + " ";
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Gives each subcommand the terminal and the clock. */
  private static final class Factory implements CommandLine.IFactory {
    private final Terminal terminal;
    private final Clock clock;

    Factory(Terminal terminal, Clock clock) {
      this.terminal = terminal;
      this.clock = clock;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == DemoCommand.class) {
        return type.cast(new DemoCommand(terminal, clock));
      }
      if (type == LoginCommand.class) {
        return type.cast(new LoginCommand(terminal, clock));
      }
      if (type == TokenCommand.class) {
        return type.cast(new TokenCommand(terminal, clock));
      }
      if (type == WhoamiCommand.class) {
        return type.cast(new WhoamiCommand(terminal, clock));
      }
      if (type == LogoutCommand.class) {
        return type.cast(new LogoutCommand(terminal, clock));
      }
      if (type == EmulatorCommand.class) {
        return type.cast(new EmulatorCommand(terminal));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Signin.class.getPackage().getImplementationVersion();
      return new String[] {"signin " + (v == null ? "(development build)" : v)};
    }
  }
}
