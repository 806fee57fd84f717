package dev.signinflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signin login --client-token-file}, run in this process against a server that records what
 * each request carried: the security probe's token file findings, each with the probe's input.
 */
class LoginTokenFileTest {
  private static final String PASSWORD = "correct horse battery staple";

  /** A JWT-shaped token, as Clerk issues them. */
  private static final String TOKEN =
      "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6ImNsaWVudF9maWxlIn0.ZmlsZS1zaWduZWQ";

  @TempDir Path dir;

  private final RecordingFapiServer server = RecordingFapiServer.wrongPassword();

  @AfterEach
  void stopServer() {
    server.close();
  }

  private InProcess.Run login(Path tokenFile) {
    return InProcess.signin(
        PASSWORD + "\n",
        "login",
        "--frontend-api",
        server.url(),
        "--identifier",
        "ada@example.com",
        "--password-stdin",
        "--client-token-file",
        tokenFile.toString());
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

  @Test
  void refusesATokenFileThatIsASymbolicLink() throws Exception {
    // The probe: a link to another secret file sent that file as "Authorization: Bearer …".
    Path secret = dir.resolve("other-secret");
    String other = "eyJzZWNyZXQiOiJ5ZXMifQ.eyJub3QiOiJ5b3VycyJ9.c2VjcmV0";
    Files.writeString(secret, other);
    Path link = Files.createSymbolicLink(dir.resolve("client-token"), secret);

    InProcess.Run run = login(link);

    assertThat(run.exit()).isEqualTo(Signin.USAGE);
    assertThat(run.err()).contains(link.toString(), "symbolic link").doesNotContain(other);
    assertThat(server.authorizations()).as("requests sent").isEmpty();
    assertThat(Files.readString(secret)).as("the link's target is left alone").isEqualTo(other);
  }

  @Test
  void refusesATokenFileThatIsASymbolicLinkToDevZero() throws Exception {
    // The probe: a link to /dev/zero ended in OutOfMemoryError with a stack trace.
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "/dev/zero exists");
    Path link = Files.createSymbolicLink(dir.resolve("client-token"), zero);

    InProcess.Run run = login(link);

    assertThat(run.exit()).isEqualTo(Signin.USAGE);
    assertThat(run.err()).contains(link.toString(), "symbolic link").doesNotContain("Error");
    assertThat(server.authorizations()).as("requests sent").isEmpty();
  }

  @Test
  void refusesATokenFileThatIsADirectory() throws Exception {
    Path directory = Files.createDirectory(dir.resolve("client-token"));

    InProcess.Run run = login(directory);

    assertThat(run.exit()).isEqualTo(Signin.USAGE);
    assertThat(run.err()).contains(directory.toString(), "not a regular file");
    assertThat(server.authorizations()).as("requests sent").isEmpty();
  }

  @Test
  void refusesATokenFileWhoseParentIsAFileBeforeThePasswordIsSent() throws Exception {
    // The probe: IllegalStateException after the password was already sent.
    Path parent = Files.writeString(dir.resolve("config"), "a file, not a directory");
    Path file = parent.resolve("client-token");

    InProcess.Run run = login(file);

    assertThat(run.exit()).isEqualTo(Signin.USAGE);
    assertThat(run.err()).contains(file.toString(), "not a directory").doesNotContain("Exception");
    assertThat(server.authorizations()).as("requests sent").isEmpty();
  }

  @Test
  void refusesATokenFileInADirectoryThatCannotBeWrittenBeforeThePasswordIsSent() throws Exception {
    Path readOnly = Files.createDirectory(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
    try {
      assumeTrue(!Files.isWritable(readOnly), "not running as a user who may write anywhere");
      Path file = readOnly.resolve("client-token");

      InProcess.Run run = login(file);

      assertThat(run.exit()).isEqualTo(Signin.USAGE);
      assertThat(run.err()).contains(readOnly.toString(), "cannot be written");
      assertThat(server.authorizations()).as("requests sent").isEmpty();
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aTokenFileWithBinaryContentIsReportedOnceAndTheRunGoesOnAsANewDevice() throws Exception {
    // The probe: binary content made every run "server unavailable", exit 3, forever.
    Path file = dir.resolve("client-token");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3, 0x28, '\n'});

    InProcess.Run run = login(file);

    assertThat(run.exit()).as("the wrong password's exit").isEqualTo(Signin.FAILED);
    assertThat(count(run.err(), file.toString())).as("warnings naming the file").isEqualTo(1);
    assertThat(run.err()).contains("not a client token");
    assertThat(server.authorizations()).as("sent as a new device").containsExactly("");
  }

  @Test
  void aTokenFileHoldingTextThatIsNotATokenIsReportedOnceAndNotSent() throws Exception {
    // The probe: text that is not a token was sent on every run, and every run got a 401.
    Path file = dir.resolve("client-token");
    Files.writeString(file, "not-a-token\n");

    InProcess.Run run = login(file);

    assertThat(count(run.err(), file.toString())).as("warnings naming the file").isEqualTo(1);
    assertThat(run.err()).contains("not a client token").doesNotContain("not-a-token");
    assertThat(server.authorizations()).as("sent as a new device").containsExactly("");
  }

  @Test
  void aDamagedTokenFileIsRepairedSoTheNextRunSaysNothing() throws Exception {
    Path file = dir.resolve("client-token");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
    login(file);

    InProcess.Run next = login(file);

    assertThat(next.err()).doesNotContain(file.toString());
    assertThat(Files.readString(file, StandardCharsets.UTF_8).strip())
        .isEqualTo(RecordingFapiServer.SERVER_TOKEN);
    assertThat(FileClientTokenStore.mode(file)).isEqualTo("rw-------");
    assertThat(server.authorizations().get(1))
        .isEqualTo("Bearer " + RecordingFapiServer.SERVER_TOKEN);
  }

  @Test
  void aTokenFileReadableByOthersIsUsedWithAWarning() throws Exception {
    // The probe: a token file readable by others was used without a word.
    Path file = dir.resolve("client-token");
    Files.writeString(file, TOKEN + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    InProcess.Run run = login(file);

    assertThat(run.err()).contains(file.toString(), "rw-r--r--").doesNotContain(TOKEN);
    assertThat(server.authorizations()).containsExactly("Bearer " + TOKEN);
  }

  @Test
  void aTokenFileReadableByOthersIsSavedOwnerOnly() throws Exception {
    Path file = dir.resolve("client-token");
    Files.writeString(file, TOKEN + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

    login(file);

    assertThat(FileClientTokenStore.mode(file)).isEqualTo("rw-------");
  }

  @Test
  void neverPrintsTheClientTokenOrThePassword() throws Exception {
    // Our own output, warnings included, never holds a secret: neither the token read from the
    // file (here readable by others, so a warning names it) nor the one the server returned.
    Path file = dir.resolve("client-token");
    Files.writeString(file, TOKEN + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    InProcess.Run first = login(file);
    InProcess.Run second = login(file);

    assertThat(first.printed() + second.printed())
        .doesNotContain(TOKEN, RecordingFapiServer.SERVER_TOKEN, PASSWORD);
  }
}
