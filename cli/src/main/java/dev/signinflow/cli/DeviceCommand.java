package dev.signinflow.cli;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.SessionResult;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.transport.feign.FeignSignInGateway;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * What {@code signin token}, {@code whoami} and {@code logout} share: the Frontend API, the device
 * (its client token file, as {@code signin login} wrote it), an engine over both, and how a session
 * call's result becomes an exit code. They never write the client token file except to keep a token
 * the server rotated, and never remove it: a signed-out device stays trusted.
 */
abstract class DeviceCommand implements Callable<Integer> {
  final Terminal terminal;
  final Clock clock;

  @ArgGroup(multiplicity = "1")
  LoginCommand.Target target;

  @Option(
      names = "--client-token-file",
      paramLabel = "PATH",
      description =
          "the device's client token, as 'signin login' keeps it (default: ${DEFAULT-VALUE})")
  Path tokenFile = FileClientTokenStore.defaultFile();

  DeviceCommand(Terminal terminal, Clock clock) {
    this.terminal = terminal;
    this.clock = clock;
  }

  /** The command's name after {@code signin}, for messages. */
  abstract String name();

  /** Runs the command with an engine for the device; answers the exit code. */
  abstract int run(SignInEngine engine, Output out);

  /** Whether {@code --json} was given. */
  boolean json() {
    return false;
  }

  @Override
  public final Integer call() {
    Output out = new Output(terminal, json(), clock);
    Optional<FeignSignInGateway> gateway = target.gateway(clock, out, name());
    if (gateway.isEmpty()) {
      return Signin.USAGE;
    }
    SignInEngine engine =
        SignInEngine.builder()
            .gateway(gateway.get())
            .clock(clock)
            .clientTokenStore(new FileClientTokenStore(tokenFile, out::say))
            .build();
    return run(engine, out);
  }

  /**
   * The exit code of a call that gave no value, after telling why on standard error: {@link
   * Signin#NOT_SIGNED_IN} for a signed-out device, {@link Signin#UNAVAILABLE} for a server that was
   * unavailable or limited the call, {@link Signin#FAILED} for a refusal.
   */
  int notOk(SessionResult<?> r, Output out) {
    if (r instanceof SessionResult.Failed<?> f) {
      for (ClerkError e : f.errors().all()) {
        out.say("  ! " + out.message(e) + " (" + e.code() + ")");
      }
      if (f.kind() == OutcomeKind.RATE_LIMITED) {
        f.retryAt().ifPresent(at -> out.say("Rate limited: try again " + out.in(at) + "."));
        return Signin.UNAVAILABLE;
      }
      if (f.kind() == OutcomeKind.UNAVAILABLE) {
        out.say("signin " + name() + ": the sign-in server is unavailable.");
        return Signin.UNAVAILABLE;
      }
      out.say("signin " + name() + ": the server refused.");
      return Signin.FAILED;
    }
    out.say(
        "signin "
            + name()
            + ": not signed in on this device (client token file "
            + tokenFile
            + "). Sign in with 'signin login'.");
    return Signin.NOT_SIGNED_IN;
  }
}
