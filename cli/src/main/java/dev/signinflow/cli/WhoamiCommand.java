package dev.signinflow.cli;

import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionResult;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.spi.SessionToken;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code signin whoami}: the device's user, session, status and session token expiry. */
@Command(
    name = "whoami",
    mixinStandardHelpOptions = true,
    description = {
      "Shows who is signed in on the device: user id, session id and status, and when a fresh"
          + " session token expires.",
      "Exits with 4 when the device is not signed in."
    })
final class WhoamiCommand extends DeviceCommand {
  @Option(names = "--json", description = "print one JSON object on standard output")
  boolean json;

  WhoamiCommand(Terminal terminal, Clock clock) {
    super(terminal, clock);
  }

  @Override
  String name() {
    return "whoami";
  }

  @Override
  boolean json() {
    return json;
  }

  @Override
  int run(SignInEngine engine, Output out) {
    SessionResult<Session> session = engine.session(LoginCommand.DEVICE);
    if (!(session instanceof SessionResult.Ok<Session> ok)) {
      return notOk(session, out);
    }
    SessionResult<SessionToken> token = engine.sessionToken(LoginCommand.DEVICE);
    Optional<Instant> expiry = token.ok().map(SessionToken::expiresAt);
    if (expiry.isEmpty()) {
      out.say("signin whoami: no session token could be had:");
      int code = notOk(token, out);
      out.whoami(ok.value(), expiry);
      return code;
    }
    out.whoami(ok.value(), expiry);
    return Signin.OK;
  }
}
