package dev.signinflow.transport.feign;

import static java.util.Objects.requireNonNull;

import feign.Client;
import feign.Request;
import feign.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Feign's {@link Client} over the JDK's {@link HttpClient}, with one deadline for the whole
 * response and a cap on its body.
 *
 * <p>It calls the blocking {@code send} with the JDK's own publisher of the body, and reads that
 * publisher on the JDK's thread: {@code sendAsync}, or a body subscriber of our own given to the
 * JDK, would hand every response to another thread (for {@code sendAsync}, CompletableFuture's
 * default executor, which starts a new thread per task on machines with one or two cores).
 *
 * <p>The read timeout covers the headers and the body alike: the JDK's own request timeout ends
 * when the headers arrive, so a body that stalls after them would block the caller for ever. At
 * most {@code maxBodyBytes} bytes are kept; past that the connection is dropped and the bytes kept
 * (one more than the cap) let the caller see the body was too large.
 *
 * <p>When the headers arrived but the body did not (a stall, a dropped connection), the response is
 * still returned, with a body that fails when read, so the caller keeps the client token of the
 * headers. It never retries; the JDK's client does not resend a POST either. Thread-safe.
 */
final class JdkHttpClient implements Client {
  /** Headers the JDK's client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final HttpClient http;
  private final int maxBodyBytes;

  JdkHttpClient(HttpClient http, int maxBodyBytes) {
    this.http = requireNonNull(http, "http");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Response execute(Request request, Request.Options options) throws IOException {
    Duration timeout = Duration.ofMillis(options.readTimeoutMillis());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(request.url()))
            .timeout(timeout)
            .method(
                request.httpMethod().name(),
                request.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request
        .headers()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
              }
            });
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<Flow.Publisher<List<ByteBuffer>>> head;
    try {
      head = http.send(b.build(), HttpResponse.BodyHandlers.ofPublisher());
    } catch (HttpTimeoutException e) {
      throw new HttpTimeoutException(
          "timed out after " + timeout.toMillis() + " ms waiting for the response");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the response");
    }
    BoundedBody body = new BoundedBody(maxBodyBytes + 1);
    head.body().subscribe(body);
    try {
      byte[] bytes = body.result.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      // Buffered, so repeatable and of known length: the decoders check the cap without reading,
      // and read it again only to explain a body they cannot use.
      return response(request, head.statusCode(), head.headers()).body(bytes).build();
    } catch (TimeoutException e) {
      body.cancel();
      return partial(
          request,
          head,
          new HttpTimeoutException(
              "timed out after " + timeout.toMillis() + " ms waiting for the response body"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return partial(
          request,
          head,
          cause instanceof IOException ? (IOException) cause : new IOException(cause));
    } catch (InterruptedException e) {
      body.cancel();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the response body");
    }
  }

  /** The headers arrived, the body failed: a response whose body throws {@code failure}. */
  private static Response partial(Request request, HttpResponse<?> head, IOException failure) {
    InputStream failing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw failure;
          }
        };
    return response(request, head.statusCode(), head.headers()).body(failing, null).build();
  }

  private static Response.Builder response(Request request, int status, HttpHeaders headers) {
    // The JDK's map is unmodifiable already; Feign copies it once more, case-insensitively.
    Map<String, Collection<String>> h = Collections.unmodifiableMap(headers.map());
    return Response.builder()
        .request(request)
        .protocolVersion(Request.ProtocolVersion.HTTP_1_1)
        .status(status)
        .headers(h);
  }

  /** Collects a body up to a limit, then cancels it (the JDK then drops the connection). */
  private static final class BoundedBody implements Flow.Subscriber<List<ByteBuffer>> {
    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;

    BoundedBody(int limit) {
      this.limit = limit;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (result.isDone()) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        int n = Math.min(item.remaining(), limit - bytes.size());
        byte[] chunk = new byte[n];
        item.get(chunk);
        bytes.write(chunk, 0, n);
      }
      if (bytes.size() >= limit) {
        result.complete(bytes.toByteArray());
        cancel();
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }

    void cancel() {
      result.completeExceptionally(new IOException("the response body was abandoned"));
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }
  }
}
