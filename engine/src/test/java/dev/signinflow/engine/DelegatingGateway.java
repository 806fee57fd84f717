package dev.signinflow.engine;

import dev.signinflow.engine.spi.ForwardingSignInGateway;
import dev.signinflow.engine.spi.SignInGateway;

/** A gateway that passes every call to another; tests override the calls they want to change. */
public class DelegatingGateway extends ForwardingSignInGateway {
  public DelegatingGateway(SignInGateway delegate) {
    super(delegate);
  }
}
