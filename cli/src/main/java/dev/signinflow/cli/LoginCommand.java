package dev.signinflow.cli;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.transport.feign.FeignSignInGateway;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code signin login}: signs in against any Frontend API, a real Clerk instance or the emulator.
 */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
      "Signs in against a Clerk Frontend API (a real instance or the emulator).",
      "Each code is read from the next line of standard input (or a prompt); 'resend' and"
          + " 'reset' are understood there."
    })
final class LoginCommand implements Callable<Integer> {
  /** The device this terminal is: one client token file is one device. */
  static final DeviceId DEVICE = DeviceId.of("signin-cli");

  private final Terminal terminal;
  private final Clock clock;

  LoginCommand(Terminal terminal, Clock clock) {
    this.terminal = terminal;
    this.clock = clock;
  }

  /** Which Frontend API: a URL or a publishable key. */
  static final class Target {
    @Option(
        names = "--frontend-api",
        paramLabel = "URL",
        description =
            "the Frontend API URL, e.g. https://clerk.example.com or http://127.0.0.1:4010")
    String frontendApi;

    @Option(
        names = "--publishable-key",
        paramLabel = "KEY",
        description = "a publishable key (pk_test_… or pk_live_…) naming the instance")
    String publishableKey;

    /** The gateway to this Frontend API; empty (after saying why) when the URL or key is bad. */
    Optional<FeignSignInGateway> gateway(Clock clock, Output out, String command) {
      try {
        FeignSignInGateway.Builder b = FeignSignInGateway.builder().clock(clock);
        if (frontendApi != null) {
          b.frontendApi(frontendApi);
        } else {
          b.publishableKey(publishableKey);
        }
        return Optional.of(b.build());
      } catch (IllegalArgumentException e) {
        out.say("signin " + command + ": " + e.getMessage());
        return Optional.empty();
      }
    }
  }

  @ArgGroup(multiplicity = "1")
  Target target;

  @Option(
      names = "--identifier",
      required = true,
      paramLabel = "ID",
      description = "email address, phone number (+E.164) or username")
  String identifier;

  @Option(
      names = "--password-stdin",
      description = "read the password from the first line of standard input")
  boolean passwordStdin;

  @Option(
      names = "--client-token-file",
      paramLabel = "PATH",
      description =
          "where this device's client token is kept: a regular file, not a link, written with"
              + " mode 600 (default: ${DEFAULT-VALUE})")
  Path tokenFile = FileClientTokenStore.defaultFile();

  @Option(names = "--json", description = "print one JSON object per step on standard output")
  boolean json;

  @Override
  public Integer call() {
    Output out = new Output(terminal, json, clock);
    Optional<FeignSignInGateway> built = target.gateway(clock, out, "login");
    if (built.isEmpty()) {
      return Signin.USAGE;
    }
    FeignSignInGateway gateway = built.get();
    // Before the password is read: a token that cannot be saved would fail the run after the
    // password was sent.
    Optional<String> unwritable = FileClientTokenStore.whyNotWritable(tokenFile);
    if (unwritable.isPresent()) {
      out.say("signin login: the client token file " + tokenFile + " " + unwritable.get() + ".");
      return Signin.USAGE;
    }
    Optional<String> password =
        passwordStdin ? terminal.line() : terminal.secret("Password for " + identifier + ": ");
    if (password.isEmpty()) {
      out.say("signin login: no password given");
      return Signin.USAGE;
    }
    out.say("Signing in to " + gateway.frontendApi() + " as " + identifier + " …");
    SignInEngine engine =
        SignInEngine.builder()
            .gateway(gateway)
            .clock(clock)
            .clientTokenStore(new FileClientTokenStore(tokenFile, out::say))
            .emailLinkRedirectUrl(gateway.frontendApi() + "/v1/verify")
            .build();
    return new FlowDriver(out)
        .signIn(
            engine.newFlow(DEVICE),
            identifier,
            password.get(),
            view ->
                terminal.interactive()
                    ? terminal.prompt("Code (or resend / reset): ")
                    : terminal.line());
  }
}
