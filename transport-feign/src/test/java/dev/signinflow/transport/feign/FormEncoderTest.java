package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.VerificationCode;
import feign.RequestTemplate;
import feign.codec.EncodeException;
import feign.codec.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link FormEncoder}: FAPI's form bodies as clerk-js writes them. */
class FormEncoderTest {
  private final FormEncoder encoder = new FormEncoder();

  @Test
  void writesTheFieldsInOrderPercentEncodedAndLeavesOutAbsentOnes() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("strategy", "email_link");
    fields.put("email_address_id", null);
    fields.put("redirect_url", "https://app.example/verify?next=/home&x=1 ü");
    fields.put("active_organization_id", "");

    assertThat(encode(fields))
        .isEqualTo(
            "strategy=email_link"
                + "&redirect_url=https%3A%2F%2Fapp.example%2Fverify%3Fnext%3D%2Fhome%26x%3D1+%C3%BC"
                + "&active_organization_id=");
  }

  @Test
  void revealsPasswordsAndCodesIntoTheBodyOnly() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("password", Password.of("p&ss=w rd"));
    fields.put("code", VerificationCode.of("123456"));

    assertThat(encode(fields)).isEqualTo("password=p%26ss%3Dw+rd&code=123456");
  }

  @Test
  void aBodyThatIsNotFormFieldsIsRefused() {
    assertThatThrownBy(() -> encoder.encode("a=b", String.class, new RequestTemplate()))
        .isInstanceOf(EncodeException.class)
        .hasMessageContaining("form fields");
  }

  private String encode(Map<String, Object> fields) {
    RequestTemplate template = new RequestTemplate();
    encoder.encode(fields, Encoder.MAP_STRING_WILDCARD, template);
    return new String(template.body(), StandardCharsets.UTF_8);
  }
}
