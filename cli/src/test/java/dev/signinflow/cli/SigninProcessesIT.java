package dev.signinflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.transport.fake.Totp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signin emulator} and {@code signin login} as two separate processes of the packaged jar,
 * the password and codes fed on standard input, codes read from the emulator's outbox over its
 * control plane.
 */
class SigninProcessesIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern CODE = Pattern.compile("\"code\":\"([0-9]{6})\"");
  private static final String ALLOWED_ORIGIN = "http://localhost:5173";

  private static Process emulator;
  private static String fapi;

  @TempDir Path dir;

  @BeforeAll
  static void startEmulator(@TempDir Path settingsDir) throws Exception {
    // The tests share one emulator and one client IP: Clerk's per-IP limit of 3 code attempts in
    // 10 s would make them depend on each other's timing, so this instance has no rate limits.
    Path settings = settingsDir.resolve("settings.json");
    Files.writeString(settings, "{\"rate_limit_window_seconds\": 0}");
    emulator =
        new ProcessBuilder(
                java(),
                "-jar",
                jar(),
                "emulator",
                "--port",
                "0",
                "--seed",
                "demo",
                "--settings",
                settings.toString(),
                "--max-clients",
                "1000",
                "--allow-origin",
                ALLOWED_ORIGIN)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8));
    Instant deadline = Instant.now().plus(WAIT);
    String line;
    while ((line = out.readLine()) != null && Instant.now().isBefore(deadline)) {
      if (line.startsWith("Frontend API:")) {
        fapi = line.substring("Frontend API:".length()).strip();
        break;
      }
    }
    assertThat(fapi).as("the emulator printed its URL").isNotNull();
  }

  @AfterAll
  static void stopEmulator() throws InterruptedException {
    if (emulator != null) {
      emulator.destroy();
      if (!emulator.waitFor(10, TimeUnit.SECONDS)) {
        emulator.destroyForcibly();
      }
    }
  }

  /** A running {@code signin login} with its standard input open. */
  private final class Login implements AutoCloseable {
    final Process process;
    final OutputStream stdin;
    final Path stdout;

    Login(String identifier, Path tokenFile) throws IOException {
      stdout = Files.createTempFile(dir, "login", ".out");
      process =
          new ProcessBuilder(
                  java(),
                  "-jar",
                  jar(),
                  "login",
                  "--frontend-api",
                  fapi,
                  "--identifier",
                  identifier,
                  "--password-stdin",
                  "--client-token-file",
                  tokenFile.toString(),
                  "--json")
              .redirectOutput(stdout.toFile())
              .redirectError(Files.createTempFile(dir, "login", ".err").toFile())
              .start();
      stdin = process.getOutputStream();
    }

    void type(String line) throws IOException {
      stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    }

    int exit() throws Exception {
      stdin.close();
      assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("login ended").isTrue();
      return process.exitValue();
    }

    List<String> lines() throws IOException {
      return Files.readAllLines(stdout);
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  private static List<String> codesSentTo(String to) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        fapi
                            + "/__fake/outbox?to="
                            + URLEncoder.encode(to, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    List<String> codes = new ArrayList<>();
    Matcher m = CODE.matcher(r.body());
    while (m.find()) {
      codes.add(m.group(1));
    }
    return codes;
  }

  /** Waits (bounded, polling the outbox) for a code newer than the ones seen before. */
  private static String nextCode(String to, int seenBefore) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    for (int i = 0; i < 300 && Instant.now().isBefore(deadline); i++) {
      List<String> codes = codesSentTo(to);
      if (codes.size() > seenBefore) {
        return codes.get(codes.size() - 1);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("no code was sent to " + to + " within " + WAIT);
  }

  private static String fresh(String prefix) throws Exception {
    // A new user per test keeps the tests independent on one emulator.
    String email = prefix + System.nanoTime() + "@example.com";
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(fapi + "/__fake/users"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"" + DemoSeed.PASSWORD + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(201);
    return email;
  }

  /** {@code --allow-origin}: that origin gets CORS from the control plane, another a 403. */
  @Test
  void controlPlaneAnswersCorsForTheAllowedOriginOnly() throws Exception {
    HttpResponse<String> preflight = preflight(ALLOWED_ORIGIN);
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue(ALLOWED_ORIGIN);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
        .hasValue("GET, POST");
    HttpResponse<String> other = preflight("http://localhost:5174");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).contains("origin_not_allowed");
  }

  private static HttpResponse<String> preflight(String origin) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(fapi + "/__fake/users"))
            .timeout(Duration.ofSeconds(5))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void newDeviceSignsInWithTheEmailCode() throws Exception {
    String email = fresh("trust");
    try (Login login = new Login(email, dir.resolve("token"))) {
      login.type(DemoSeed.PASSWORD);
      login.type(nextCode(email, 0));

      assertThat(login.exit()).isZero();
      assertThat(login.lines().get(0)).contains("\"state\":\"NEEDS_CLIENT_TRUST\"");
      assertThat(login.lines().get(login.lines().size() - 1))
          .contains("\"state\":\"COMPLETE\"", "\"session_status\":\"active\"");
    }
  }

  @Test
  void aWrongCodeIsAFieldErrorAndTheRightOneStillSignsIn() throws Exception {
    String email = fresh("wrong");
    try (Login login = new Login(email, dir.resolve("token"))) {
      login.type(DemoSeed.PASSWORD);
      String code = nextCode(email, 0);
      login.type(code.equals("000000") ? "111111" : "000000");
      login.type(code);

      assertThat(login.exit()).isZero();
      assertThat(String.join("\n", login.lines()))
          .contains("\"code\":\"form_code_incorrect\"", "\"field\":\"code\"", "\"session_id\"");
    }
  }

  @Test
  void totpUserSignsInWithTheAuthenticatorCode() throws Exception {
    try (Login login = new Login(DemoSeed.GRACE, dir.resolve("token"))) {
      login.type(DemoSeed.PASSWORD);
      // The emulator's clock follows the system clock, as the user's authenticator app does.
      login.type(Totp.code(DemoSeed.GRACE_TOTP_SECRET, Clock.systemUTC().instant()));

      assertThat(login.exit()).isZero();
      assertThat(login.lines().get(0))
          .contains("\"state\":\"NEEDS_SECOND_FACTOR\"", "\"strategy\":\"totp\"");
      assertThat(String.join("\n", login.lines())).contains("\"session_id\"");
    }
  }

  @Test
  void aSecondRunWithTheSameTokenFileNeedsNoCode() throws Exception {
    String email = fresh("again");
    Path token = dir.resolve("token");
    try (Login first = new Login(email, token)) {
      first.type(DemoSeed.PASSWORD);
      first.type(nextCode(email, 0));
      assertThat(first.exit()).isZero();
    }
    assertThat(FileClientTokenStore.mode(token)).isEqualTo("rw-------");

    try (Login second = new Login(email, token)) {
      second.type(DemoSeed.PASSWORD);

      assertThat(second.exit()).isZero();
      assertThat(second.lines().get(0)).contains("\"state\":\"COMPLETE\"");
      assertThat(codesSentTo(email)).hasSize(1);
    }
  }

  /** Runs a short {@code signin} command (token, whoami, logout) for this device to its end. */
  private InProcess.Run run(String command, Path tokenFile) throws Exception {
    Path out = Files.createTempFile(dir, command, ".out");
    Path err = Files.createTempFile(dir, command, ".err");
    Process p =
        new ProcessBuilder(
                java(),
                "-jar",
                jar(),
                command,
                "--frontend-api",
                fapi,
                "--client-token-file",
                tokenFile.toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    p.getOutputStream().close();
    boolean exited = p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly();
    }
    assertThat(exited).as("signin " + command + " ended").isTrue();
    return new InProcess.Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /**
   * {@code signin login}, then {@code signin token}: a JWT that a backend verifies with
   * nimbus-jose-jwt against the emulator's JWKS URL, as it would verify Clerk's; then {@code signin
   * logout}, after which {@code signin token} exits with 4 and says why.
   */
  @Test
  void theTokenAfterALoginVerifiesAgainstTheJwksAndNoneIsGivenAfterALogout() throws Exception {
    String email = fresh("token");
    Path token = dir.resolve("token");
    String sessionId;
    try (Login login = new Login(email, token)) {
      login.type(DemoSeed.PASSWORD);
      login.type(nextCode(email, 0));
      assertThat(login.exit()).isZero();
      String last = login.lines().get(login.lines().size() - 1);
      sessionId = last.replaceAll(".*\"session_id\":\"([^\"]+)\".*", "$1");
    }

    InProcess.Run printed = run("token", token);

    assertThat(printed.exit()).as(printed.err()).isZero();
    assertThat(printed.out()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\R");
    JWTClaimsSet claims = verifier().process(printed.out().strip(), null);
    assertThat(claims.getStringClaim("sid")).isEqualTo(sessionId);
    assertThat(claims.getSubject()).startsWith("user_");
    assertThat(claims.getIssuer()).isEqualTo(fapi);
    // A signature that is not the emulator's key's is refused: the check above means something.
    String jwt = printed.out().strip();
    char last = jwt.charAt(jwt.length() - 2);
    String tampered =
        jwt.substring(0, jwt.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + jwt.charAt(jwt.length() - 1);
    assertThatThrownBy(() -> verifier().process(tampered, null))
        .isInstanceOf(BadJOSEException.class);

    InProcess.Run logout = run("logout", token);
    assertThat(logout.exit()).as(logout.err()).isZero();
    assertThat(logout.out()).startsWith("Signed out: session " + sessionId);
    assertThat(token).exists();

    InProcess.Run after = run("token", token);
    assertThat(after.exit()).isEqualTo(4);
    assertThat(after.out()).isEmpty();
    assertThat(after.err())
        .contains("signin token: not signed in on this device")
        .doesNotContain("Exception");
  }

  /** A backend's verifier: keys from the emulator's JWKS URL, RS256, typ JWT, the issuer. */
  private static DefaultJWTProcessor<SecurityContext> verifier() throws Exception {
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.create(
                URI.create(fapi + "/.well-known/jwks.json").toURL(),
                new DefaultResourceRetriever(5_000, 5_000, 64 * 1024))
            .retrying(false)
            .build();
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    p.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(fapi).build(),
            Set.of("sub", "sid", "iat", "nbf", "exp")));
    return p;
  }

  @Test
  void aWrongPasswordExitsWithOne() throws Exception {
    String email = fresh("fail");
    try (Login login = new Login(email, dir.resolve("token"))) {
      login.type("not the password");

      assertThat(login.exit()).isEqualTo(1);
      assertThat(String.join("\n", login.lines())).contains("form_password_incorrect");
    }
  }

  @Test
  void anEmulatorThatMayKeepNoClientIsAUsageError() throws Exception {
    Process p =
        new ProcessBuilder(java(), "-jar", jar(), "emulator", "--port", "0", "--max-clients", "0")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    p.getOutputStream().close();
    boolean exited = p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly();
    }
    assertThat(exited).as("exited in time").isTrue();
    // Read after the exit: the message is far smaller than the pipe's buffer.
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err).contains("--max-clients must be at least 1, not 0").doesNotContain("Exception");
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String jar() {
    String jar = System.getProperty("signin.jar");
    assertThat(jar).as("system property signin.jar (set by failsafe)").isNotNull();
    return jar;
  }
}
