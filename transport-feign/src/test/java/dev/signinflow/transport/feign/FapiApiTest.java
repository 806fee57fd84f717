package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import feign.Contract;
import feign.MethodMetadata;
import feign.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link FapiApi} as Feign's contract reads it: every operation answers an {@link Answer} whose
 * value has a wire envelope, takes its form fields as form parameters and its headers as a map.
 */
class FapiApiTest {
  private static final List<MethodMetadata> METHODS =
      new Contract.Default().parseAndValidateMetadata(FapiApi.class);

  @Test
  void everyOperationAnswersAValueThatHasAnEnvelope() {
    assertThat(METHODS).hasSize(10);
    for (MethodMetadata m : METHODS) {
      assertThat(Types.getRawType(m.returnType())).as(m.configKey()).isEqualTo(Answer.class);
      assertThat(Wire.envelopeOf(Types.resolveLastTypeParameter(m.returnType(), Answer.class)))
          .as(m.configKey())
          .isNotNull();
    }
  }

  @Test
  void everyOperationTakesItsHeadersAsAMapAndHasNoBodyParameter() {
    for (MethodMetadata m : METHODS) {
      assertThat(m.headerMapIndex()).as(m.configKey()).isZero();
      assertThat(m.bodyIndex()).as(m.configKey()).isNull();
    }
  }

  @Test
  void theFormFieldsAreFormParameters() {
    MethodMetadata prepare =
        METHODS.stream()
            .filter(m -> m.method().getName().equals("prepareSecondFactor"))
            .findFirst()
            .orElseThrow();

    assertThat(prepare.formParams())
        .containsExactly("strategy", "email_address_id", "phone_number_id", "redirect_url");
  }

  @Test
  void aValueWithoutAnEnvelopeIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Wire.envelopeOf(String.class))
        .withMessageContaining("no FAPI envelope");
  }
}
