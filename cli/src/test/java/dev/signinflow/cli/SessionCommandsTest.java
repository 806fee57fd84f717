package dev.signinflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeClock;
import dev.signinflow.transport.fake.Totp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signin token}, {@code whoami} and {@code logout} in this process, against the emulator on
 * loopback with the demo users and a clock that stands still (the command and the emulator share
 * it): the device signed in with {@code signin login}, its token, its sign-out, and what follows.
 */
class SessionCommandsTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path dir;

  private FakeClock clock;
  private FakeClerk fake;
  private FakeFapiServer server;
  private Path tokenFile;

  @BeforeEach
  void start() {
    clock = FakeClock.at(T0);
    fake = FakeClerk.builder().clock(clock).build();
    DemoSeed.plant(fake);
    server = FakeFapiServer.start(fake, 0);
    tokenFile = dir.resolve("client-token");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private InProcess.Run signin(String stdin, String... args) {
    return InProcess.signin(stdin, clock, args);
  }

  private InProcess.Run device(String command, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--frontend-api",
                server.baseUrl().toString(),
                "--client-token-file",
                tokenFile.toString()));
    args.addAll(List.of(more));
    return signin("", args.toArray(String[]::new));
  }

  /** Grace signs in: password, then her authenticator's code (no code is sent, none to read). */
  private InProcess.Run loginGrace() {
    String totp = Totp.code(DemoSeed.GRACE_TOTP_SECRET, clock.instant());
    return signin(
        DemoSeed.PASSWORD + "\n" + totp + "\n",
        "login",
        "--frontend-api",
        server.baseUrl().toString(),
        "--identifier",
        DemoSeed.GRACE,
        "--password-stdin",
        "--client-token-file",
        tokenFile.toString());
  }

  @Test
  void tokenPrintsOnlyAFreshSessionJwtForTheSignedInDevice() {
    InProcess.Run login = loginGrace();
    assertThat(login.exit()).as(login.printed()).isZero();
    String sessionId = login.out().replaceAll("(?s).*session (sess_[A-Za-z0-9]+).*", "$1");

    InProcess.Run token = device("token");

    assertThat(token.exit()).as(token.err()).isZero();
    assertThat(token.out()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\R");
    SessionToken jwt = SessionToken.of(token.out().strip());
    assertThat(jwt.sessionId()).contains(sessionId);
    assertThat(jwt.expiresAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(token.err()).doesNotContain(jwt.reveal());
  }

  @Test
  void whoamiTellsTheUserSessionStatusAndTokenExpiry() {
    assertThat(loginGrace().exit()).isZero();

    InProcess.Run text = device("whoami");
    InProcess.Run json = device("whoami", "--json");

    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out())
        .containsPattern("user: +user_")
        .containsPattern("session: +sess_")
        .containsPattern("status: +active")
        .contains("token:   expires in 60 s (" + T0.plusSeconds(60) + ")");
    assertThat(json.exit()).isZero();
    assertThat(json.out().strip())
        .startsWith("{\"user_id\":\"user_")
        .contains("\"session_status\":\"active\"", "\"tasks\":[]")
        .endsWith("\"token_expires_at\":\"" + T0.plusSeconds(60) + "\"}");
  }

  @Test
  void logoutKeepsTheDevicesClientThenTokenAndWhoamiExitWithFourUntilTheNextLogin()
      throws Exception {
    assertThat(loginGrace().exit()).isZero();
    String clientId = clientIdIn(tokenFile);

    InProcess.Run logout = device("logout");

    assertThat(logout.exit()).as(logout.err()).isZero();
    assertThat(logout.out()).startsWith("Signed out: session sess_");
    assertThat(logout.err()).contains("the device stays known");
    // The server may rotate the token on every answer; the client, and so the device, stays.
    assertThat(clientIdIn(tokenFile)).isEqualTo(clientId);

    InProcess.Run token = device("token");
    assertThat(token.exit()).isEqualTo(Signin.NOT_SIGNED_IN);
    assertThat(token.out()).isEmpty();
    assertThat(token.err())
        .contains("signin token: not signed in on this device")
        .contains("signin login")
        .doesNotContain("Exception");
    assertThat(device("whoami").exit()).isEqualTo(Signin.NOT_SIGNED_IN);
    InProcess.Run again = device("logout");
    assertThat(again.exit()).isZero();
    assertThat(again.err()).contains("Not signed in on this device");

    // Grace has MFA, so she is asked for her authenticator's code again; the device is still
    // hers (no Client Trust), and she signs in.
    InProcess.Run login = loginGrace();
    assertThat(login.exit()).as(login.printed()).isZero();
    assertThat(device("token").exit()).isZero();
  }

  /** The client id in the client token the file holds (the token's {@code id} claim). */
  private static String clientIdIn(Path file) throws Exception {
    String payload = Files.readString(file).strip().split("\\.")[1];
    String json =
        new String(java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
    return json.replaceAll("(?s).*\"id\":\"(client_[A-Za-z0-9]+)\".*", "$1");
  }

  @Test
  void aDeviceThatNeverSignedInHasNoToken() {
    InProcess.Run token = device("token");

    assertThat(token.exit()).isEqualTo(Signin.NOT_SIGNED_IN);
    assertThat(token.out()).isEmpty();
    assertThat(token.err()).contains("not signed in on this device");
  }

  @Test
  void aBadFrontendApiIsAUsageError() {
    InProcess.Run token =
        signin("", "token", "--frontend-api", "http://example.com", "--client-token-file", "x");

    assertThat(token.exit()).isEqualTo(Signin.USAGE);
    assertThat(token.err()).contains("signin token:", "HTTPS");
  }

  @Test
  void anotherAccountOnTheDeviceIsToldToLogOutFirst() {
    assertThat(loginGrace().exit()).isZero();

    InProcess.Run ada =
        signin(
            DemoSeed.PASSWORD + "\n",
            "login",
            "--frontend-api",
            server.baseUrl().toString(),
            "--identifier",
            DemoSeed.ADA,
            "--password-stdin",
            "--client-token-file",
            tokenFile.toString());

    assertThat(ada.exit()).isEqualTo(Signin.FAILED);
    assertThat(ada.err()).contains("(sign_out_required)", "run 'signin logout' first");
    assertThat(fake.outbox()).isEmpty();
  }

  @Test
  void aResendCooldownIsToldAsATimeFromNow() {
    InProcess.Run ada =
        signin(
            DemoSeed.PASSWORD + "\nresend\n",
            "login",
            "--frontend-api",
            server.baseUrl().toString(),
            "--identifier",
            DemoSeed.ADA,
            "--password-stdin",
            "--client-token-file",
            tokenFile.toString());

    assertThat(ada.err())
        .contains("A new code can be sent in 30 s. (resend_cooldown)")
        .doesNotContain(T0.plusSeconds(30).toString());
  }

  @Test
  void demoSignsOutBeforeItsSecondSignInWhichNeedsNoCode() {
    InProcess.Run demo = signin("", "demo", "--non-interactive");

    assertThat(demo.exit()).as(demo.printed()).isZero();
    assertThat(demo.out().lines().filter(l -> l.startsWith("Signed in: session "))).hasSize(2);
    assertThat(demo.out().lines().filter(l -> l.startsWith("Signed out: session "))).hasSize(1);
    assertThat(demo.err())
        .contains("Signing out.")
        .contains("no code is needed")
        .doesNotContain("Unexpected");
    assertThat(demo.err().split("here is the code", -1)).hasSize(2);
  }
}
