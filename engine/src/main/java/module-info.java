/**
 * signinflow's engine: Clerk's password sign-in as an explicit state machine.
 *
 * <p>Exports what an application calls ({@code dev.signinflow.engine}) and what an adapter
 * implements ({@code dev.signinflow.engine.spi}); the machine and its Spring Statemachine
 * configuration ({@code dev.signinflow.engine.internal}) are not exported.
 */
module dev.signinflow.engine {
  requires spring.statemachine.core;
  requires spring.messaging;
  requires spring.core;
  requires reactor.core;

  exports dev.signinflow.engine;
  exports dev.signinflow.engine.spi;
}
