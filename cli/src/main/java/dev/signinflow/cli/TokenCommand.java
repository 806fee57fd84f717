package dev.signinflow.cli;

import dev.signinflow.engine.SessionResult;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.spi.SessionToken;
import java.time.Clock;
import picocli.CommandLine.Command;

/**
 * {@code signin token}: prints a fresh session JWT for the device, and nothing else, on standard
 * output — for {@code curl -H "Authorization: Bearer $(signin token …)"}, as {@code gh auth token}
 * and {@code gcloud auth print-access-token} do.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a fresh session token (a JWT, good for about 60 s) for the device signed in with"
          + " 'signin login', and nothing else, on standard output.",
      "Exits with 4 when the device is not signed in."
    })
final class TokenCommand extends DeviceCommand {
  TokenCommand(Terminal terminal, Clock clock) {
    super(terminal, clock);
  }

  @Override
  String name() {
    return "token";
  }

  @Override
  int run(SignInEngine engine, Output out) {
    SessionResult<SessionToken> r = engine.sessionToken(LoginCommand.DEVICE);
    if (r instanceof SessionResult.Ok<SessionToken> ok) {
      // The token is the output: printed as it is (a JWT is base64url and dots, nothing to escape).
      terminal.out().println(ok.value().reveal());
      return Signin.OK;
    }
    return notOk(r, out);
  }
}
