package dev.signinflow.cli;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Keeps this terminal's client token in a file (mode 600), so the device stays trusted across runs.
 * One file is one device: the command signs in as one device, whatever the device id.
 *
 * <p>The file is never followed as a link and never read past {@link #MAX_BYTES}: a link could send
 * another file's secret to the server, and a link to a device such as {@code /dev/zero} never ends.
 * What it holds must look like a client token (a JWT); a file that cannot be one (binary, other
 * text, too large, a link, not a regular file, unreadable) is reported once through the warnings
 * and the device signs in as a new one; the next save replaces it. A file that others may read is
 * used with a warning. Saving writes a temporary file with mode 600 and renames it over the old
 * one, so the file is replaced whole and owner-only, never written in place.
 *
 * <p>No message names what the file holds, only its path and what is wrong. Thread-safe.
 */
final class FileClientTokenStore implements ClientTokenStore {
  /** The most of the file that is read: a client token is well under 1 KiB. */
  static final int MAX_BYTES = 8 * 1024;

  /** A JWT's compact form: three base64url parts separated by dots, without padding. */
  private static final Pattern JWT =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  private final Path file;
  private final Consumer<String> warnings;
  private final Set<String> told = new HashSet<>();

  /**
   * A store in {@code file}, telling {@code warnings} (once each) about a file it cannot use or
   * that others may read. The warnings name the path, never the content.
   */
  FileClientTokenStore(Path file, Consumer<String> warnings) {
    this.file = requireNonNull(file, "file");
    this.warnings = requireNonNull(warnings, "warnings");
  }

  /**
   * {@code $XDG_CONFIG_HOME/signinflow/client-token}, else {@code ~/.config/signinflow/...}. A
   * relative {@code XDG_CONFIG_HOME} is ignored, as the XDG specification asks.
   */
  static Path defaultFile() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path config =
        xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".config");
    return config.resolve("signinflow").resolve("client-token");
  }

  /**
   * Why a token could not be saved in {@code file}, or empty when it could: checked before anything
   * is sent, so that a run does not send a password only to fail at saving the token. The file, if
   * it exists, must be a regular file and not a link; its directory, or the nearest one above it
   * that exists, must be a writable directory. The reason reads after the path ("… is a symbolic
   * link").
   */
  static Optional<String> whyNotWritable(Path file) {
    Path abs = file.toAbsolutePath();
    IOException unchecked = null;
    try {
      BasicFileAttributes a =
          Files.readAttributes(abs, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (a.isSymbolicLink()) {
        return Optional.of("is a symbolic link; links are not followed, give the file itself");
      }
      if (!a.isRegularFile()) {
        return Optional.of("is not a regular file");
      }
    } catch (NoSuchFileException e) {
      // Created at the first save.
    } catch (IOException e) {
      // A parent that is not a directory ends here too; the directory check below says so.
      unchecked = e;
    }
    Path dir = abs.getParent();
    if (dir == null) {
      return Optional.of("has no directory to be written in");
    }
    Path existing = dir;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return Optional.of("cannot be created: no directory above it exists");
    }
    if (!Files.isDirectory(existing)) {
      return Optional.of("cannot be created: " + existing + " is not a directory");
    }
    if (!Files.isWritable(existing)) {
      return Optional.of("cannot be written: the directory " + existing + " is not writable");
    }
    if (unchecked != null) {
      return Optional.of("cannot be checked (" + reason(unchecked) + ")");
    }
    return Optional.empty();
  }

  @Override
  public synchronized Optional<ClientToken> load(DeviceId device) {
    requireNonNull(device, "device");
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return unusable("cannot be read (" + reason(e) + ")");
    }
    if (attributes.isSymbolicLink()) {
      return unusable("is a symbolic link, which is not followed");
    }
    if (!attributes.isRegularFile()) {
      return unusable("is not a regular file");
    }
    byte[] bytes;
    try (InputStream in =
        Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      return unusable("cannot be read (" + reason(e) + ")");
    }
    if (bytes.length > MAX_BYTES) {
      return unusable("is larger than " + MAX_BYTES / 1024 + " KiB, so it is not a client token");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString()
              .strip();
    } catch (CharacterCodingException e) {
      return unusable("is not a client token (it is not text)");
    }
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (!JWT.matcher(text).matches()) {
      return unusable("is not a client token (a JWT: three base64url parts separated by dots)");
    }
    // Only about a token that is used: a damaged file is replaced anyway.
    warnIfOthersMayUse();
    return Optional.of(ClientToken.of(text));
  }

  @Override
  public synchronized void save(DeviceId device, ClientToken token) {
    requireNonNull(device, "device");
    requireNonNull(token, "token");
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      createDirectories(dir);
      tmp = Files.createTempFile(dir, ".client-token", ".tmp");
      setOwnerOnly(tmp, OWNER_ONLY);
      Files.writeString(tmp, token.reveal() + "\n", StandardCharsets.UTF_8);
      // The rename replaces a link or a file others may read, rather than writing through it.
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
      told.clear();
    } catch (IOException e) {
      // Checked before the run (whyNotWritable); failing now must not end a sign-in that worked.
      warn("could not be saved (" + reason(e) + "); the next run will be a new device");
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // Left behind: an owner-only temporary file, named as one.
        }
      }
    }
  }

  private Optional<ClientToken> unusable(String what) {
    warn(
        what
            + "; signing in as a new device, and the file is replaced when the server sends a token");
    return Optional.empty();
  }

  private void warnIfOthersMayUse() {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IOException e) {
      return; // Not a POSIX file system (Windows): the user's profile directory protects it.
    }
    Set<PosixFilePermission> others = EnumSet.copyOf(permissions);
    others.removeAll(OWNER_ONLY_DIRECTORY);
    if (!others.isEmpty()) {
      warn(
          "may be read or changed by others (mode "
              + PosixFilePermissions.toString(permissions)
              + "); it is used, and saved as rw------- when the server sends a token");
    }
  }

  private void warn(String what) {
    if (told.add(what)) {
      warnings.accept("warning: the client token file " + file + " " + what + ".");
    }
  }

  private static void createDirectories(Path dir) throws IOException {
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(dir);
    }
  }

  private static void setOwnerOnly(Path p, Set<PosixFilePermission> permissions)
      throws IOException {
    try {
      Files.setPosixFilePermissions(p, permissions);
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the user's profile directory protects it.
    }
  }

  /** What went wrong, without the path an exception message usually repeats. */
  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      return ((FileSystemException) e).getReason();
    }
    return e.getClass().getSimpleName();
  }

  static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Override
  public String toString() {
    return "FileClientTokenStore[" + file + "]";
  }
}
