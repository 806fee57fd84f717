package dev.signinflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signinflow.transport.fake.FakeClerk;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/emulator.md} as a test: its curl session runs, with bash, curl and jq, against a
 * {@link FakeFapiServer} with the demo seed, and its Java start-up snippet is this test's own code.
 * Missing curl or jq fail the test (CI installs them in {@code .ci/run}); they never skip it.
 */
class EmulatorDocTest {
  private static final Pattern JWT =
      Pattern.compile("(?m)^([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)$");
  private static final long TIMEOUT_SECONDS = 60;

  @Test
  void curlSessionSignsAdaInOnANewDevice(@TempDir Path dir) throws Exception {
    requireTools("bash", "curl", "jq");
    String session = block(doc(), "<!-- curl-session -->", "sh");
    Path script = dir.resolve("session.sh");
    Files.writeString(script, session, StandardCharsets.UTF_8);
    Path output = dir.resolve("output.txt");

    FakeClerk fake = FakeClerk.create();
    DemoSeed.plant(fake);
    try (FakeFapiServer server = FakeFapiServer.start(fake, 0)) {
      ProcessBuilder pb =
          new ProcessBuilder("bash", script.toString())
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      pb.environment().put("FAPI", server.baseUrl().toString());
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        fail(
            "the curl session of docs/emulator.md ran over %d s; output so far:%n%s",
            TIMEOUT_SECONDS, Files.readString(output));
      }
      String out = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("exit code; output:%n%s", out).isZero();
      assertThat(out).contains("needs_client_trust").contains("complete");
      assertThat(out)
          .contains("sessions after signing out: 0")
          .contains("signing in again on this device: complete")
          .contains(fake.instanceId());
      Matcher jwt = JWT.matcher(out);
      assertThat(jwt.find()).as("a JWT on a line of its own in:%n%s", out).isTrue();
      JsonNode claims = FapiWire.JSON.readTree(Base64.getUrlDecoder().decode(jwt.group(2)));
      assertThat(claims.path("sts").asText()).isEqualTo("active");
      assertThat(claims.path("sub").asText()).isEqualTo(fake.userId(DemoSeed.ADA).orElseThrow());
    }
  }

  @Test
  void javaSnippetIsThisTestsCode() throws IOException {
    String snippet = block(doc(), "<!-- java-start -->", "java");
    String source =
        Files.readString(
            repoRoot()
                .resolve(
                    "emulator/src/test/java/dev/signinflow/emulator/" + "EmulatorDocTest.java"));
    List<String> lines = List.of(source.split("\n", -1));
    int from = lines.indexOf("    // tag::start[]");
    int to = lines.indexOf("    // end::start[]");
    assertThat(from).as("the start region of this test").isNotNegative().isLessThan(to);
    String region = String.join("\n", lines.subList(from + 1, to));
    assertThat(normalize(snippet)).isEqualTo(normalize(region));
  }

  @Test
  void verificationSnippetIsTheBackendTestsCode() throws IOException {
    String snippet = block(doc(), "<!-- java-verify -->", "java");
    String region =
        region(
            "emulator/src/test/java/dev/signinflow/emulator/SessionTokenVerificationTest.java",
            "verify");
    assertThat(normalize(snippet)).isEqualTo(normalize(region));
  }

  /** The lines between {@code // tag::NAME[]} and {@code // end::NAME[]} of a source file. */
  private static String region(String file, String name) throws IOException {
    List<String> lines = List.of(Files.readString(repoRoot().resolve(file)).split("\n", -1));
    int from = -1;
    int to = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("// tag::" + name + "[]")) {
        from = i;
      } else if (lines.get(i).strip().equals("// end::" + name + "[]")) {
        to = i;
      }
    }
    assertThat(from).as("the %s region of %s", name, file).isNotNegative().isLessThan(to);
    return String.join("\n", lines.subList(from + 1, to));
  }

  @Test
  void startsAsTheDocSays() throws Exception {
    // tag::start[]
    FakeClerk fake = FakeClerk.create(); // default settings, a fake clock, seeded randomness
    DemoSeed.plant(fake); // Ada, Grace and Sam (below)
    try (FakeFapiServer server = FakeFapiServer.start(fake, 0)) { // 0: any free port
      URI fapi = server.baseUrl(); // http://127.0.0.1:<port>; FAPI paths start with /v1/
      // ... point the client under test at fapi ...
      assertThat(fapi.toString()).startsWith("http://127.0.0.1:");
      assertThat(new FapiWire(server).get("/v1/environment", null).status()).isEqualTo(200);
    }
    // end::start[]
  }

  /** Issue 13: the control plane takes writes as JSON only, so every example must say so. */
  @Test
  void everyControlPlaneWriteInTheDocsSendsJson() throws IOException {
    List<String> commands = new ArrayList<>();
    StringBuilder command = new StringBuilder();
    for (String line : doc().split("\n", -1)) {
      command.append(line.strip()).append(' ');
      if (!line.endsWith("\\")) {
        commands.add(command.toString());
        command.setLength(0);
      }
    }
    List<String> writes =
        commands.stream()
            .filter(c -> c.contains("curl ") && c.contains("/__fake/"))
            .filter(c -> c.matches(".*-X (POST|PUT|DELETE).*") || c.contains(" -d "))
            .filter(c -> !c.matches(".*-X DELETE \\S+ *(#.*)?"))
            .toList();
    assertThat(writes)
        .as("curl writes to the control plane in docs/emulator.md")
        .hasSizeGreaterThan(6);
    assertThat(writes)
        .allSatisfy(c -> assertThat(c).contains("-H 'Content-Type: application/json'"));
  }

  /** The text's lines, spaces collapsed, blank lines and test assertions left out. */
  private static List<String> normalize(String text) {
    List<String> lines = new ArrayList<>();
    boolean assertion = false;
    for (String line : text.split("\n", -1)) {
      String l = line.strip().replaceAll("\\s+", " ");
      if (l.startsWith("assertThat(")) {
        assertion = true;
      }
      if (!assertion && !l.isEmpty()) {
        lines.add(l);
      }
      if (assertion && l.endsWith(";")) {
        assertion = false;
      }
    }
    return lines;
  }

  private static void requireTools(String... tools) throws Exception {
    List<String> missing = new ArrayList<>();
    for (String tool : tools) {
      Process p =
          new ProcessBuilder("bash", "-c", "command -v " + tool)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        missing.add(tool);
      }
    }
    if (!missing.isEmpty()) {
      fail(
          "EmulatorDocTest runs the curl session of docs/emulator.md and needs bash, curl and jq"
              + " on the PATH; missing: %s. Install them (CI's .ci/run does: apt-get install curl"
              + " jq).",
          missing);
    }
  }

  /** The fenced block of this language right after the marker line; exactly one marker. */
  static String block(String doc, String marker, String language) {
    List<String> lines = List.of(doc.split("\n", -1));
    int at = lines.indexOf(marker);
    assertThat(at).as("%s in docs/emulator.md", marker).isNotNegative();
    assertThat(lines.lastIndexOf(marker)).as("one %s in docs/emulator.md", marker).isEqualTo(at);
    assertThat(lines.get(at + 1))
        .as("a ```%s fence right after %s", language, marker)
        .isEqualTo("```" + language);
    StringBuilder block = new StringBuilder();
    for (int i = at + 2; i < lines.size(); i++) {
      if (lines.get(i).equals("```")) {
        return block.toString();
      }
      block.append(lines.get(i)).append('\n');
    }
    throw new AssertionError("the block after " + marker + " is not closed");
  }

  private static String doc() throws IOException {
    return Files.readString(repoRoot().resolve("docs/emulator.md"), StandardCharsets.UTF_8);
  }

  /** The repository's root: the nearest folder up from here that holds {@code mvnw}. */
  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 20 && dir != null; i++) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new AssertionError("no folder holding mvnw above " + Path.of("").toAbsolutePath());
  }
}
