package dev.signinflow.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Strategy;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operation of the port, the rate-limit bucket included, reaches the delegate as called. */
class ForwardingSignInGatewayTest {
  private final SignInGateway delegate = mock(SignInGateway.class);
  private final SignInGateway forwarding = new ForwardingSignInGateway(delegate) {};

  static List<Method> portMethods() {
    List<Method> methods = new ArrayList<>();
    for (Method m : SignInGateway.class.getMethods()) {
      if (!Modifier.isStatic(m.getModifiers())) {
        methods.add(m);
      }
    }
    return methods;
  }

  /** A non-null argument of each parameter type the port uses. */
  private static Object argument(Class<?> type) {
    if (type == RequestContext.class) {
      return RequestContext.builder().clientIp("192.0.2.9").build();
    }
    if (type == Optional.class) {
      return Optional.of(ClientToken.of("tok_forwarded"));
    }
    if (type == String.class) {
      return "sia_forwarded";
    }
    if (type == Identifier.class) {
      return Identifier.parse("ada@example.com");
    }
    if (type == Password.class) {
      return Password.of("correct horse");
    }
    if (type == VerificationCode.class) {
      return VerificationCode.of("424242");
    }
    if (type == Strategy.class) {
      return Strategy.EMAIL_CODE;
    }
    if (type == Factor.class) {
      return Factor.of(Strategy.EMAIL_CODE);
    }
    throw new AssertionError("a port parameter this test cannot make: " + type);
  }

  @ParameterizedTest
  @MethodSource("portMethods")
  void eachCallReachesTheDelegateWithItsArgumentsAndItsAnswerComesBack(Method m) throws Exception {
    Object[] args = Arrays.stream(m.getParameterTypes()).map(t -> argument(t)).toArray();
    Object answer =
        m.getReturnType() == Optional.class
            ? Optional.of("bucket")
            : new GatewayResult.RateLimited<>(Instant.EPOCH, List.of(), Optional.empty());
    when(m.invoke(delegate, args)).thenReturn(answer);

    Object got = m.invoke(forwarding, args);

    assertThat(got).isSameAs(answer);
    m.invoke(verify(delegate), args);
    verifyNoMoreInteractions(delegate);
  }

  @Test
  void everyOperationOfThePortIsForwardedNotLeftToADefault() throws Exception {
    for (Method m : portMethods()) {
      Method own = ForwardingSignInGateway.class.getMethod(m.getName(), m.getParameterTypes());
      assertThat(own.getDeclaringClass()).as("%s", m).isEqualTo(ForwardingSignInGateway.class);
    }
  }

  @Test
  void aDelegateIsRequired() {
    assertThatThrownBy(() -> new ForwardingSignInGateway(null) {})
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("delegate");
  }

  @Test
  void aSubclassChangesOnlyWhatItOverrides() {
    RequestContext context = RequestContext.builder().clientIp("192.0.2.9").build();
    when(delegate.rateLimitBucket(context)).thenReturn(Optional.of("192.0.2.9"));
    SignInGateway renamed =
        new ForwardingSignInGateway(delegate) {
          @Override
          public Optional<String> rateLimitBucket(RequestContext c) {
            return delegate().rateLimitBucket(c).map(b -> "ip:" + b);
          }
        };

    assertThat(renamed.rateLimitBucket(context)).contains("ip:192.0.2.9");
  }
}
