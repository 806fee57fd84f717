package dev.signinflow.emulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A deadline for a request's line and headers: from the first byte of a request to the end of its
 * headers, a client has this long, or its connection is closed with no answer (there is no request
 * yet to answer) — as nginx's {@code client_header_timeout} and Go's {@code ReadHeaderTimeout} do.
 * The idle timeout alone does not stop a client that sends one header byte just before each idle
 * period ends and so holds its connection for ever.
 *
 * <p>The clock starts when bytes arrive on a connection that has no request in progress (Jetty's
 * {@link HttpConfiguration.Customizer} marks the end of the headers, a completion listener the end
 * of the exchange). A body is not under it (the idle timeout, 408, governs a body), nor is the wait
 * of an idle keep-alive connection for its next request. The timer is Jetty's scheduler, on the
 * wall clock like the idle timeout; the fake's own clock is the sign-in domain's and does not run
 * the network.
 *
 * <p>Only public Jetty API: the connector's endpoints watch their reads; Jetty's own {@code
 * HttpConnection} is internal.
 */
final class HeaderDeadline implements HttpConfiguration.Customizer {
  private final long millis;

  HeaderDeadline(Duration deadline) {
    this.millis = deadline.toMillis();
  }

  /** A connector whose connections keep this deadline; add this as a customizer of its config. */
  ServerConnector connector(Server server, HttpConnectionFactory factory) {
    return new ServerConnector(server, 1, 1, factory) {
      @Override
      protected SocketChannelEndPoint newEndPoint(
          SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        TimedEndPoint endPoint = new TimedEndPoint(channel, selector, key, getScheduler(), millis);
        endPoint.setIdleTimeout(getIdleTimeout());
        return endPoint;
      }
    };
  }

  /** The headers are in: the deadline is met, until the exchange completes. */
  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    if (endPoint instanceof TimedEndPoint timed) {
      timed.headersComplete();
      Request.addCompletionListener(request, failure -> timed.exchangeComplete());
    }
    return request;
  }

  /** An endpoint that starts the deadline when a request's first bytes arrive. */
  private static final class TimedEndPoint extends SocketChannelEndPoint {
    private final Scheduler scheduler;
    private final long millis;

    /** Guarded by this: a request's headers are in and its exchange is not complete. */
    private boolean inExchange;

    /** Guarded by this: the deadline running now, or null. */
    private Object running;

    private Scheduler.Task task;

    TimedEndPoint(
        SocketChannel channel,
        ManagedSelector selector,
        SelectionKey key,
        Scheduler scheduler,
        long millis) {
      super(channel, selector, key, scheduler);
      this.scheduler = scheduler;
      this.millis = millis;
    }

    @Override
    public int fill(ByteBuffer buffer) throws IOException {
      int n = super.fill(buffer);
      if (n > 0) {
        headerBytes();
      }
      return n;
    }

    private synchronized void headerBytes() {
      if (inExchange || running != null) {
        return;
      }
      Object deadline = new Object();
      running = deadline;
      task = scheduler.schedule(() -> expire(deadline), millis, TimeUnit.MILLISECONDS);
    }

    synchronized void headersComplete() {
      inExchange = true;
      running = null;
      if (task != null) {
        task.cancel();
        task = null;
      }
    }

    synchronized void exchangeComplete() {
      inExchange = false;
    }

    private void expire(Object deadline) {
      synchronized (this) {
        if (running != deadline) {
          return;
        }
        running = null;
        task = null;
      }
      close();
    }
  }
}
