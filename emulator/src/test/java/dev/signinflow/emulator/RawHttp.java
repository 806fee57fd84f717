package dev.signinflow.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 by hand over a plain socket to 127.0.0.1, for requests no well-behaved client sends.
 * Every read has a timeout: a server that does not answer in time fails the test instead of hanging
 * it.
 */
final class RawHttp implements AutoCloseable {
  /** How long any single read may wait; the server must answer (or close) within it. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private final Socket socket;

  private RawHttp(Socket socket) {
    this.socket = socket;
  }

  /** A connection to this port on 127.0.0.1 whose reads time out after {@link #READ_TIMEOUT}. */
  static RawHttp connect(int port) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout((int) READ_TIMEOUT.toMillis());
    s.setTcpNoDelay(true);
    return new RawHttp(s);
  }

  /** Sends these bytes, as they are. */
  RawHttp send(byte[] bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Sends this text as ISO-8859-1 (so a test can write CRLFs and any byte it likes). */
  RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Sends as much of these bytes as the server takes; stops quietly when it closes. */
  RawHttp sendTolerantly(byte[] bytes) {
    try {
      send(bytes);
    } catch (IOException e) {
      // The server may answer and close before it has read everything: that is allowed.
    }
    return this;
  }

  /**
   * Reads one response: status line, headers, and a body by Content-Length, chunked encoding or up
   * to end of stream.
   *
   * @throws SocketTimeoutException when the server says nothing within {@link #READ_TIMEOUT}
   * @throws IOException when the stream ends before a status line (see {@link #readEnd()})
   */
  Response read() throws IOException {
    InputStream in = socket.getInputStream();
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("the server closed the connection without a response");
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    List<String[]> headers = new ArrayList<>();
    String h;
    while ((h = line(in)) != null && !h.isEmpty()) {
      int colon = h.indexOf(':');
      headers.add(new String[] {h.substring(0, colon).trim(), h.substring(colon + 1).trim()});
    }
    Response r = new Response(status, headers, new byte[0]);
    byte[] body;
    Optional<String> length = r.header("Content-Length");
    if (length.isPresent()) {
      body = in.readNBytes(Integer.parseInt(length.get()));
    } else if (r.header("Transfer-Encoding")
        .filter(v -> v.equalsIgnoreCase("chunked"))
        .isPresent()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < 10_000; i++) {
        int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
        if (size == 0) {
          line(in);
          break;
        }
        out.write(in.readNBytes(size));
        line(in);
      }
      body = out.toByteArray();
    } else {
      body = in.readAllBytes();
    }
    return new Response(status, headers, body);
  }

  /**
   * Reads until the server closes the connection, returning what came (empty when it closed with no
   * response at all). A reset counts as closed.
   *
   * @throws SocketTimeoutException when the server neither sends nor closes within {@link
   *     #READ_TIMEOUT}
   */
  byte[] readEnd() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      InputStream in = socket.getInputStream();
      for (int i = 0; i < 100_000; i++) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
      }
    } catch (SocketException reset) {
      // Connection reset by the server: closed too.
    }
    return out.toByteArray();
  }

  /**
   * Waits this long for the server to send or close, and says whether it did neither: the
   * connection is still open. A bounded wait on a read, not a sleep: it ends early when the server
   * closes.
   *
   * @throws IOException when the server sends bytes instead
   */
  boolean staysOpenFor(Duration wait) throws IOException {
    socket.setSoTimeout((int) wait.toMillis());
    try {
      int b = socket.getInputStream().read();
      if (b >= 0) {
        throw new IOException("the server sent a byte unasked: " + b);
      }
      return false;
    } catch (SocketTimeoutException stillOpen) {
      return true;
    } catch (SocketException reset) {
      return false;
    } finally {
      socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 65_536; i++) {
      int c = in.read();
      if (c < 0) {
        return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
      }
      if (c == '\n') {
        String s = out.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      out.write(c);
    }
    throw new IOException("header line too long");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** A response as it came over the wire. */
  record Response(int status, List<String[]> headers, byte[] body) {
    Optional<String> header(String name) {
      return headers.stream()
          .filter(h -> h[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
          .map(h -> h[1])
          .findFirst();
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder().append(status);
      for (String[] h : headers) {
        b.append('\n').append(h[0]).append(": ").append(h[1]);
      }
      return b.append("\n\n").append(text()).toString();
    }
  }
}
