package dev.signinflow.cli;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.FlowView;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionResult;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.Strategy;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeClock;
import dev.signinflow.transport.fake.FakeUser;
import dev.signinflow.transport.fake.Totp;
import dev.signinflow.transport.feign.FeignSignInGateway;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code signin demo}: a real sign-in on a new device, through the HTTP transport, against the
 * emulator started in this process with the demo users; then a sign-out, which keeps the device's
 * client token, and a second sign-in on the same device that goes straight through.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Signs in on a new device against the built-in emulator, over real HTTP.",
      "Because the server is the emulator, the code it sends is shown to you."
    })
final class DemoCommand implements Callable<Integer> {
  private static final DeviceId DEVICE = DeviceId.of("demo-laptop");

  private final Terminal terminal;
  private final Clock clock;

  DemoCommand(Terminal terminal, Clock clock) {
    this.terminal = terminal;
    this.clock = clock;
  }

  @Option(names = "--non-interactive", description = "run the whole path by itself")
  boolean nonInteractive;

  @Override
  public Integer call() {
    Output out = new Output(terminal, false, clock);
    out.say("A sign-in on a new device, against the emulator with the demo users.");
    // Ask first: the prompt appears at once, and the emulator starts while the person reads it.
    String email = ask("Email", DemoSeed.ADA);
    String password = ask("Password", DemoSeed.PASSWORD);
    FakeClerk fake = FakeClerk.builder().clock(FakeClock.following(clock)).build();
    DemoSeed.plant(fake);
    try (FakeFapiServer server = FakeFapiServer.start(fake, 0)) {
      FeignSignInGateway gateway =
          FeignSignInGateway.builder()
              .frontendApi(server.baseUrl().toString())
              .clock(fake.clock())
              .build();
      SignInEngine engine = SignInEngine.builder().gateway(gateway).clock(fake.clock()).build();
      out.say("Emulator running at " + server.baseUrl() + ".");
      FlowDriver driver = new FlowDriver(out);
      int code =
          driver.signIn(engine.newFlow(DEVICE), email, password, view -> answer(fake, email, view));
      if (code != Signin.OK) {
        return code;
      }
      out.say("");
      out.say("Signing out. The device keeps its client token, so it stays known.");
      SessionResult<List<Session>> signedOut = engine.signOut(DEVICE);
      if (!(signedOut instanceof SessionResult.Ok<List<Session>> ok)) {
        out.say("Unexpected: the sign-out did not go through.");
        return Signin.UNAVAILABLE;
      }
      out.signedOut(ok.value());
      out.say("");
      out.say("Signing in again on the same device: it is known now, so no code is needed.");
      return driver.signIn(
          engine.newFlow(DEVICE),
          email,
          password,
          view -> {
            out.say("Unexpected: the server asked for a code again.");
            return Optional.empty();
          });
    }
  }

  private String ask(String what, String otherwise) {
    if (nonInteractive) {
      terminal.err().println(what + ": " + otherwise);
      return otherwise;
    }
    Optional<String> line = terminal.prompt(what + " [" + otherwise + "]: ");
    return line.map(String::strip).filter(s -> !s.isEmpty()).orElse(otherwise);
  }

  /**
   * The demo's answer at a code prompt: shows the code the emulator sent, then reads (or uses) it.
   */
  private Optional<String> answer(FakeClerk fake, String email, FlowView view) {
    Optional<Factor> factor = view.currentFactor();
    Optional<String> code = Optional.empty();
    if (factor.isPresent() && factor.get().strategy() == Strategy.TOTP) {
      Optional<String> secret =
          fake.users().stream()
              .filter(u -> u.email().filter(email::equalsIgnoreCase).isPresent())
              .findFirst()
              .flatMap(FakeUser::totpSecret);
      code = secret.map(s -> Totp.code(s, fake.clock().instant()));
      code.ifPresent(
          c -> terminal.err().println("  (the emulator's authenticator app shows " + c + ")"));
    } else if (factor.isPresent()) {
      String to =
          factor.get().strategy() == Strategy.PHONE_CODE
              ? fake.users().stream()
                  .filter(
                      u ->
                          u.email().filter(email::equalsIgnoreCase).isPresent()
                              || u.phone().filter(email::equals).isPresent())
                  .findFirst()
                  .flatMap(FakeUser::phone)
                  .orElse(email)
              : email;
      code = fake.lastCodeSentTo(to);
      code.ifPresent(
          c -> terminal.err().println("  (this is the emulator, so here is the code: " + c + ")"));
    }
    if (nonInteractive) {
      code.ifPresent(c -> terminal.err().println("Code: " + c));
      return code;
    }
    return terminal.prompt("Code (or resend / reset): ");
  }
}
