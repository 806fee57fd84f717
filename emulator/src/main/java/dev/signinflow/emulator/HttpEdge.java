package dev.signinflow.emulator;

import dev.signinflow.transport.fake.FapiError;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The rules every request meets before it is routed, on a FAPI path and on the control plane alike,
 * where Jetty's own parser is more lenient than an HTTP edge should be:
 *
 * <ul>
 *   <li>A body is framed by {@code Content-Length} or by the {@code chunked} transfer coding alone.
 *       Jetty reads {@code Transfer-Encoding: gzip, chunked} as chunked and hands on the compressed
 *       bytes as if they were the body; RFC 9112 §6.1 says a server that receives a transfer coding
 *       it does not understand SHOULD answer 501 (Not Implemented), as nginx does, and so does this
 *       one, closing the connection. (A coding list that does not end in {@code chunked} cannot be
 *       framed at all: Jetty answers that 400 itself, RFC 9112 §6.3.)
 *   <li>A query string is ASCII: a byte outside printable ASCII (a raw 0xFF, a raw UTF-8 letter, a
 *       control character) must be percent-encoded. Jetty passes such bytes on; an edge that
 *       follows RFC 3986 refuses them, 400.
 * </ul>
 */
final class HttpEdge {
  private HttpEdge() {}

  /** The query string as it came, still percent-encoded; "" for none. */
  static String rawQuery(Request request) {
    String q = request.getHttpURI().getQuery();
    return q == null ? "" : q;
  }

  /**
   * Checks the request's framing and query.
   *
   * @throws Refusal 501 for a transfer coding other than {@code chunked}, 400 for a query string
   *     that is not printable ASCII
   */
  static void check(Request request) throws Refusal {
    List<String> codings = request.getHeaders().getCSV(HttpHeader.TRANSFER_ENCODING, false);
    for (String coding : codings) {
      String name = coding.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      if (!name.equals("chunked")) {
        throw new Refusal(
            501,
            new FapiError(
                "transfer_encoding_not_implemented",
                "Transfer coding not implemented",
                "The server reads a body sent with Content-Length or Transfer-Encoding: chunked"
                    + " alone, not '"
                    + Refusal.abbreviate(name)
                    + "'; send it uncompressed.",
                Map.of()));
      }
    }
    String query = rawQuery(request);
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw Refusal.malformed(
            "The query string holds a character that is not printable ASCII, at index "
                + i
                + "; percent-encode it (as UTF-8).");
      }
    }
  }
}
