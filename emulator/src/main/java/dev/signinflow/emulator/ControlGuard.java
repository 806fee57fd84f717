package dev.signinflow.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The door of the control plane under {@code /__fake/}: reads the body of a control-plane request
 * and hands it to {@link ControlPlane}, whose answer it writes.
 */
final class ControlGuard {
  private final ControlPlane control;
  private final int maxBodyBytes;

  ControlGuard(ControlPlane control, int maxBodyBytes) {
    this.control = control;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Whether this path is the control plane's. */
  static boolean owns(String path) {
    return path.startsWith("/__fake/") || path.equals("/__fake");
  }

  /**
   * Serves a control-plane request.
   *
   * @throws Refusal for a mistake found before the body is read
   */
  void serve(Exchange x, String path) throws Refusal {
    String method = x.request.getMethod();
    String query = HttpEdge.rawQuery(x.request);
    BodyReader.read(
        x,
        maxBodyBytes,
        bytes -> {
          ControlPlane.Answer a =
              control.handle(method, path, query, new String(bytes, StandardCharsets.UTF_8));
          if (a.allow() != null) {
            x.header(HttpHeader.ALLOW, a.allow());
          }
          x.send(a.status(), a.body(), Optional.empty(), Optional.empty());
        });
  }
}
