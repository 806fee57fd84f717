package dev.signinflow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.RequestContext;
import org.junit.jupiter.api.Test;

/** An event's input holds what the user typed; its printed form holds only the event and state. */
class InputTest {
  private static final FlowData START = FlowData.initial(DeviceId.of("laptop-1"));

  @Test
  void anInputPrintsItsEventAndStateNeverWhatTheUserTyped() {
    Input password =
        Input.submitPassword(
            START, RequestContext.none(), "ada@example.com", "correct horse battery staple");
    Input code = Input.verifyCode(START, RequestContext.none(), "424242");

    assertThat(password).hasToString("Input[SUBMIT_PASSWORD in IDENTIFYING]");
    assertThat(code).hasToString("Input[VERIFY_CODE in IDENTIFYING]");
  }
}
