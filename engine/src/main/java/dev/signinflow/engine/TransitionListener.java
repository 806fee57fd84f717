package dev.signinflow.engine;

/**
 * Told of every step of every flow of an engine, rejected ones included, after the step. Called on
 * the thread that sent the event; must be fast and thread-safe. An exception it throws is caught
 * and ignored, so a listener cannot break a sign-in.
 */
@FunctionalInterface
public interface TransitionListener {
  /** One step happened. */
  void onTransition(Transition transition);
}
