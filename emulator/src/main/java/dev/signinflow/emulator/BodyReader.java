package dev.signinflow.emulator;

import dev.signinflow.transport.fake.FapiError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body without holding a thread, at most a cap of bytes, then hands it on; a client
 * that stops sending mid-body gets 408 at the idle timeout, an unreadable one 400. Jetty calls it
 * back when more arrives.
 *
 * <p>A body over the cap gets 413. Up to {@link #DRAIN_LIMIT} bytes, it is read to its end and
 * thrown away first, as nginx's lingering close does: a server that answers and closes while the
 * client is still sending leaves unread bytes in its socket, the close becomes a reset, and the
 * client, still writing, may never read the 413 ("received no bytes"). A body declared larger than
 * that is refused on its {@code Content-Length} before a byte is read.
 */
final class BodyReader implements Runnable {
  /** What to do with a body read in full. */
  @FunctionalInterface
  interface Use {
    void accept(byte[] body) throws Refusal;
  }

  /** The most bytes of a body over the cap read and thrown away before the 413 (1 MiB). */
  static final long DRAIN_LIMIT = 1L << 20;

  private final Exchange x;
  private final int maxBytes;
  private final Use use;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private long drained;
  private boolean draining;

  private BodyReader(Exchange x, int maxBytes, Use use) {
    this.x = x;
    this.maxBytes = maxBytes;
    this.use = use;
  }

  /**
   * Reads the body of this exchange, then uses it; the use's refusals and failures are answered.
   *
   * @throws Refusal 413 when {@code Content-Length} says the body is over the cap
   */
  static void read(Exchange x, int maxBytes, Use use) throws Refusal {
    long declared = x.request.getLength();
    if (declared > DRAIN_LIMIT) {
      throw tooLarge(maxBytes);
    }
    BodyReader reader = new BodyReader(x, maxBytes, use);
    reader.draining = declared > maxBytes;
    reader.run();
  }

  @Override
  public void run() {
    try {
      for (int i = 0; i < 1_000_000; i++) {
        Content.Chunk chunk = x.request.read();
        if (chunk == null) {
          x.request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          if (draining) {
            throw tooLarge(maxBytes);
          }
          throw chunk.getFailure() instanceof TimeoutException
              ? new Refusal(
                  408,
                  new FapiError(
                      "request_timeout",
                      "Request timeout",
                      "The request body did not arrive in time.",
                      Map.of()))
              : Refusal.malformed("The body could not be read.");
        }
        ByteBuffer b = chunk.getByteBuffer();
        boolean last = chunk.isLast();
        if (draining || bytes.size() + b.remaining() > maxBytes) {
          drain(chunk, last);
          continue;
        }
        byte[] part = new byte[b.remaining()];
        b.get(part);
        bytes.write(part, 0, part.length);
        chunk.release();
        if (last) {
          use.accept(bytes.toByteArray());
          return;
        }
      }
      throw Refusal.malformed("The body came in too many pieces.");
    } catch (Refusal r) {
      x.refuse(r);
    } catch (RuntimeException e) {
      x.fail(e);
    }
  }

  /** Throws one chunk of a body over the cap away; 413 at its end or past the drain limit. */
  private void drain(Content.Chunk chunk, boolean last) throws Refusal {
    drained += bytes.size() + chunk.getByteBuffer().remaining();
    bytes.reset();
    draining = true;
    chunk.release();
    if (last || drained > DRAIN_LIMIT) {
      throw tooLarge(maxBytes);
    }
  }

  private static Refusal tooLarge(int maxBytes) {
    return new Refusal(
        413,
        new FapiError(
            "request_body_too_large",
            "Request body too large",
            "The request body is larger than " + maxBytes + " bytes.",
            Map.of("max_bytes", maxBytes)));
  }
}
