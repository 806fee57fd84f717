package dev.signinflow.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code signin} command: signs in against Clerk's Frontend API, or its emulator, from a
 * terminal.
 *
 * <p>Exit codes: 0 signed in; 1 sign-in failed (credentials, codes, lockout); 2 usage error; 3
 * server unavailable or rate limited.
 */
@Command(
    name = "signin",
    mixinStandardHelpOptions = true,
    versionProvider = Signin.Version.class,
    description = "Clerk password sign-in (Client Trust, MFA) from the terminal.",
    subcommands = {DemoCommand.class, LoginCommand.class, EmulatorCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:signed in",
      "1:sign-in failed (credentials, codes, lockout)",
      "2:usage error",
      "3:server unavailable or rate limited"
    })
public final class Signin implements Runnable {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int UNAVAILABLE = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(Terminal.system(), args));
  }

  /** Runs the command on a terminal and returns its exit code. */
  static int run(Terminal terminal, String... args) {
    CommandLine cli = new CommandLine(new Signin(), new Factory(terminal));
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

  /** Gives each subcommand the terminal. */
  private static final class Factory implements CommandLine.IFactory {
    private final Terminal terminal;

    Factory(Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == DemoCommand.class) {
        return type.cast(new DemoCommand(terminal));
      }
      if (type == LoginCommand.class) {
        return type.cast(new LoginCommand(terminal));
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
