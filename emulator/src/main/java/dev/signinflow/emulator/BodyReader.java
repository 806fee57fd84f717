package dev.signinflow.emulator;

import dev.signinflow.transport.fake.FapiError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body without holding a thread, at most a cap of bytes, then hands it on: a body
 * over the cap is refused as soon as it is known to be (413, by {@code Content-Length} before a
 * byte is read), a client that stops sending mid-body gets 408 at the idle timeout, an unreadable
 * one 400. Jetty calls it back when more arrives.
 */
final class BodyReader implements Runnable {
  /** What to do with a body read in full. */
  @FunctionalInterface
  interface Use {
    void accept(byte[] body) throws Refusal;
  }

  private final Exchange x;
  private final int maxBytes;
  private final Use use;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

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
    if (x.request.getLength() > maxBytes) {
      throw tooLarge(maxBytes);
    }
    new BodyReader(x, maxBytes, use).run();
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
        if (bytes.size() + b.remaining() > maxBytes) {
          chunk.release();
          throw tooLarge(maxBytes);
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
