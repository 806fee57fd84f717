package dev.signinflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.spi.ClientToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file on its own: what it reads, what it refuses, how it writes. */
class FileClientTokenStoreTest {
  private static final DeviceId DEVICE = DeviceId.of("signin-cli");
  private static final String TOKEN =
      "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6ImNsaWVudF9zdG9yZSJ9.c3RvcmUtc2lnbmVk";

  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  private FileClientTokenStore store(Path file) {
    return new FileClientTokenStore(file, warnings::add);
  }

  @Test
  void readsATokenItSaved() throws Exception {
    Path file = dir.resolve("signinflow").resolve("client-token");
    store(file).save(DEVICE, ClientToken.of(TOKEN));

    assertThat(store(file).load(DEVICE)).contains(ClientToken.of(TOKEN));
    assertThat(FileClientTokenStore.mode(file)).isEqualTo("rw-------");
    assertThat(warnings).isEmpty();
  }

  @Test
  void createsItsDirectoryOwnerOnly() throws Exception {
    Path created = dir.resolve("signinflow");
    store(created.resolve("client-token")).save(DEVICE, ClientToken.of(TOKEN));

    assertThat(FileClientTokenStore.mode(created)).isEqualTo("rwx------");
  }

  @Test
  void anEmptyFileIsNoTokenAndNothingToReport() throws Exception {
    Path file = Files.writeString(dir.resolve("client-token"), "\n");

    assertThat(store(file).load(DEVICE)).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void doesNotFollowASymbolicLinkToAnotherFile() throws Exception {
    Path secret = Files.writeString(dir.resolve("other-secret"), TOKEN);
    Path link = Files.createSymbolicLink(dir.resolve("client-token"), secret);

    assertThat(store(link).load(DEVICE)).isEmpty();
    assertThat(warnings).singleElement().asString().contains(link.toString(), "symbolic link");
  }

  @Test
  void doesNotFollowASymbolicLinkToDevZero() throws Exception {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "/dev/zero exists");
    Path link = Files.createSymbolicLink(dir.resolve("client-token"), zero);

    assertThat(store(link).load(DEVICE)).isEmpty();
    assertThat(warnings).singleElement().asString().contains("symbolic link");
  }

  @Test
  void readsAtMostEightKiBOfATokenFile() throws Exception {
    char[] huge = new char[1024 * 1024];
    Arrays.fill(huge, 'a');
    Path file = Files.writeString(dir.resolve("client-token"), new String(huge));

    assertThat(store(file).load(DEVICE)).isEmpty();
    assertThat(warnings).singleElement().asString().contains("larger than 8 KiB");
  }

  @Test
  void binaryContentIsNotATokenRatherThanAnError() throws Exception {
    Path file = Files.write(dir.resolve("client-token"), new byte[] {(byte) 0xff, 0, (byte) 0xc3});

    assertThat(store(file).load(DEVICE)).isEmpty();
    assertThat(warnings).singleElement().asString().contains(file.toString(), "not a client token");
  }

  @Test
  void visibleTextThatIsNotAJwtIsNotAToken() throws Exception {
    // ClientToken.of takes any visible ASCII; only the shape says it is not a token.
    Path file = Files.writeString(dir.resolve("client-token"), "hunter2.not-a-jwt\n");

    assertThat(store(file).load(DEVICE)).isEmpty();
    assertThat(warnings).singleElement().asString().doesNotContain("hunter2");
  }

  @Test
  void reportsADamagedFileOnceHoweverOftenItIsLoaded() throws Exception {
    Path file = Files.writeString(dir.resolve("client-token"), "not-a-token");
    FileClientTokenStore store = store(file);

    store.load(DEVICE);
    store.load(DEVICE);
    store.load(DEVICE);

    assertThat(warnings).hasSize(1);
  }

  @Test
  void warnsWithoutTheTokenWhenOthersMayReadTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("client-token"), TOKEN);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    assertThat(store(file).load(DEVICE)).contains(ClientToken.of(TOKEN));
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains(file.toString(), "rw-r-----")
        .doesNotContain(TOKEN);
  }

  @Test
  void aSaveFixesTheModeOfAFileOthersMayRead() throws Exception {
    Path file = Files.writeString(dir.resolve("client-token"), TOKEN);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

    store(file).save(DEVICE, ClientToken.of(TOKEN));

    assertThat(FileClientTokenStore.mode(file)).isEqualTo("rw-------");
  }

  @Test
  void aSaveReplacesASymbolicLinkRatherThanWritingThroughIt() throws Exception {
    Path target = Files.writeString(dir.resolve("elsewhere"), "left alone");
    Path link = Files.createSymbolicLink(dir.resolve("client-token"), target);

    store(link).save(DEVICE, ClientToken.of(TOKEN));

    assertThat(Files.isSymbolicLink(link)).isFalse();
    assertThat(Files.readString(link).strip()).isEqualTo(TOKEN);
    assertThat(Files.readString(target)).isEqualTo("left alone");
  }

  @Test
  void aSaveThatFailsIsReportedRatherThanThrown() throws Exception {
    Path parent = Files.writeString(dir.resolve("config"), "a file");
    Path file = parent.resolve("client-token");

    assertThatCode(() -> store(file).save(DEVICE, ClientToken.of(TOKEN)))
        .doesNotThrowAnyException();
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains(file.toString(), "could not be saved")
        .doesNotContain(TOKEN);
  }

  @Test
  void aMissingFileInMissingDirectoriesCanBeWritten() {
    assertThat(FileClientTokenStore.whyNotWritable(dir.resolve("a").resolve("b").resolve("token")))
        .isEmpty();
  }

  @Test
  void aSymbolicLinkCannotBeWritten() throws Exception {
    Path link =
        Files.createSymbolicLink(
            dir.resolve("client-token"), Files.writeString(dir.resolve("t"), TOKEN));

    assertThat(FileClientTokenStore.whyNotWritable(link))
        .get()
        .asString()
        .contains("symbolic link");
  }

  @Test
  void aPathBelowAFileCannotBeWritten() throws Exception {
    Path parent = Files.writeString(dir.resolve("config"), "a file");

    assertThat(FileClientTokenStore.whyNotWritable(parent.resolve("sub").resolve("client-token")))
        .get()
        .asString()
        .contains(parent + " is not a directory");
  }
}
