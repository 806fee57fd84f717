package dev.signinflow.examples.web;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.StepResult;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * What the last step said, carried from the form's POST to the page's GET (Post/Redirect/Get, in
 * the session's flash map): its event, outcome, errors and retry time, and the identifier to fill
 * in again. Never a password or a code. Serializable, for session stores that write sessions out.
 *
 * @param event the event's name
 * @param outcome the outcome's name
 * @param errors the step's errors
 * @param retryAt when to try again (epoch milliseconds), or null
 * @param identifier the identifier the user typed, for a submit; else null
 */
record StepNotice(String event, String outcome, List<Error> errors, Long retryAt, String identifier)
    implements Serializable {

  /**
   * One error: Clerk's code, its message, and the form field it belongs to (null: global).
   *
   * @param code the error's code
   * @param message what to show
   * @param field {@code identifier}, {@code password}, {@code code}, or null
   * @param meta Clerk's meta, flattened (resend_available_at, retry_at, ...)
   */
  record Error(String code, String message, String field, java.util.Map<String, String> meta)
      implements Serializable {}

  static StepNotice of(StepResult r, String identifier) {
    List<Error> errors =
        r.errors().all().stream()
            .map(
                (ClerkError e) ->
                    new Error(
                        e.code(),
                        shown(e),
                        e.paramName()
                            .flatMap(dev.signinflow.engine.FormField::forParamName)
                            .map(f -> f.paramName())
                            .orElse(null),
                        java.util.Map.copyOf(e.meta())))
            .toList();
    return new StepNotice(
        r.event().name(),
        r.kind().name(),
        errors,
        r.retryAt().map(Instant::toEpochMilli).orElse(null),
        identifier);
  }

  /**
   * What to show for an error: Clerk's long message for the server's errors and for field errors
   * (as Clerk's own components do: "Incorrect code", not "is incorrect"); the short one for the
   * engine's own global errors, whose long message is for logs.
   */
  private static String shown(ClerkError e) {
    boolean forPeople = e.traceId().isPresent() || e.paramName().isPresent();
    return forPeople && !e.longMessage().isBlank() ? e.longMessage() : e.message();
  }

  SignInEvent eventKind() {
    return SignInEvent.valueOf(event);
  }

  OutcomeKind outcomeKind() {
    return OutcomeKind.valueOf(outcome);
  }
}
