package dev.signinflow.cli;

import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionResult;
import dev.signinflow.engine.SignInEngine;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code signin logout}: signs the device's sessions out and keeps its client token file, so the
 * device stays trusted and the next {@code signin login} needs no code.
 */
@Command(
    name = "logout",
    mixinStandardHelpOptions = true,
    description = {
      "Signs the device out: its sessions end on the server. The client token file is kept, so"
          + " the device stays known and the next 'signin login' needs no code.",
      "A device that is not signed in is left as it is (exit 0)."
    })
final class LogoutCommand extends DeviceCommand {
  @Option(names = "--json", description = "print one JSON object per session signed out")
  boolean json;

  LogoutCommand(Terminal terminal, Clock clock) {
    super(terminal, clock);
  }

  @Override
  String name() {
    return "logout";
  }

  @Override
  boolean json() {
    return json;
  }

  @Override
  int run(SignInEngine engine, Output out) {
    SessionResult<List<Session>> r = engine.signOut(LoginCommand.DEVICE);
    if (r instanceof SessionResult.Ok<List<Session>> ok) {
      out.signedOut(ok.value());
      out.say("Signed out; the device stays known (" + tokenFile + " is kept).");
      return Signin.OK;
    }
    if (r instanceof SessionResult.SignedOut) {
      out.say("Not signed in on this device; nothing to sign out.");
      return Signin.OK;
    }
    return notOk(r, out);
  }
}
