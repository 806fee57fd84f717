package dev.signinflow.transport.feign;

import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.VerificationCode;
import feign.RequestTemplate;
import feign.codec.EncodeException;
import feign.codec.Encoder;
import java.lang.reflect.Type;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Feign's {@link Encoder} for FAPI's bodies: the form fields of a {@link FapiApi} method, in the
 * order the method declares them, as {@code application/x-www-form-urlencoded} with snake_case keys
 * as clerk-js writes it — absent (null) fields left out, everything else percent-encoded as UTF-8.
 * A {@link Password} or {@link VerificationCode} is revealed here, into the body and nowhere else:
 * the body holds secrets, so it is never logged as it is ({@link RedactingLogger}).
 *
 * <p>The content type and length are set by {@link FapiTarget}, with what every request carries.
 * Stateless and thread-safe.
 */
final class FormEncoder implements Encoder {

  @Override
  public void encode(Object object, Type bodyType, RequestTemplate template) {
    if (!(object instanceof Map<?, ?> fields)) {
      throw new EncodeException("FAPI takes form fields, not a body of type " + bodyType);
    }
    StringBuilder sb = new StringBuilder(64);
    for (Map.Entry<?, ?> e : fields.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(String.valueOf(e.getKey()), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(text(e.getValue()), StandardCharsets.UTF_8));
    }
    template.body(sb.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    // Feign adds the length as a header template, parsed, expanded and copied again for every
    // request; FapiTarget sets it on the request instead, with the content type.
    template.removeHeader(FapiTarget.CONTENT_LENGTH);
  }

  private static String text(Object value) {
    if (value instanceof Password p) {
      return p.reveal();
    }
    if (value instanceof VerificationCode c) {
      return c.reveal();
    }
    return value.toString();
  }
}
