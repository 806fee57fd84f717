package dev.signinflow.cli;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps this terminal's client token in a file (mode 600), so the device stays trusted across runs.
 * One file is one device: the command signs in as one device, whatever the device id.
 */
final class FileClientTokenStore implements ClientTokenStore {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private final Path file;

  FileClientTokenStore(Path file) {
    this.file = requireNonNull(file, "file");
  }

  /** {@code $XDG_CONFIG_HOME/signinflow/client-token}, else {@code ~/.config/signinflow/...}. */
  static Path defaultFile() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path config =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".config");
    return config.resolve("signinflow").resolve("client-token");
  }

  @Override
  public synchronized Optional<ClientToken> load(DeviceId device) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(ClientToken.of(text));
    } catch (IOException e) {
      throw new UncheckedIOException("the client token file " + file + " could not be read", e);
    } catch (IllegalArgumentException e) {
      // A damaged file: behave as a new device rather than fail; the next save repairs it.
      return Optional.empty();
    }
  }

  @Override
  public synchronized void save(DeviceId device, ClientToken token) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".client-token", ".tmp");
      setOwnerOnly(tmp);
      Files.writeString(tmp, token.reveal() + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      setOwnerOnly(file);
    } catch (IOException e) {
      throw new UncheckedIOException("the client token file " + file + " could not be written", e);
    }
  }

  private static void setOwnerOnly(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, OWNER_ONLY);
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the user's profile directory protects it.
    }
  }

  static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Override
  public String toString() {
    return "FileClientTokenStore[" + file + "]";
  }
}
