package dev.signinflow.cli;

import dev.signinflow.engine.Factor;
import dev.signinflow.engine.FlowView;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Strategy;
import java.util.Optional;

/**
 * Walks one flow from password to session, asking a {@link Answers} for each code, and turns the
 * end into the command's exit code. The answers understand {@code resend} and {@code reset}.
 */
final class FlowDriver {
  /** Bounds the conversation, so a confused answerer cannot loop forever. */
  private static final int MAX_STEPS = 60;

  /** Gives the next answer at a code prompt: a code, {@code resend}, {@code reset}, or none. */
  @FunctionalInterface
  interface Answers {
    Optional<String> next(FlowView view);
  }

  private final Output out;

  /**
   * @param out where steps are told; its clock counts the waits
   */
  FlowDriver(Output out) {
    this.out = out;
  }

  int signIn(SignInFlow flow, String identifier, String password, Answers answers) {
    StepResult r = flow.submitPassword(identifier, password);
    report(r, flow);
    for (int step = 0; step < MAX_STEPS; step++) {
      switch (r.state()) {
        case COMPLETE:
          StepResult fin = flow.finalizeSession();
          report(fin, flow);
          if (flow.view().session().isPresent()) {
            out.session(flow.view().session().get());
            return Signin.OK;
          }
          return failure(fin);
        case IDENTIFYING:
          return failure(r);
        default:
          tellWhereTheCodeWent(flow.view(), r);
          Optional<String> answer = answers.next(flow.view());
          if (answer.isEmpty()) {
            out.say("No code given; stopping.");
            return r.kind() == OutcomeKind.UNAVAILABLE || r.kind() == OutcomeKind.RATE_LIMITED
                ? failure(r)
                : Signin.FAILED;
          }
          String a = answer.get().strip();
          if (a.equalsIgnoreCase("resend")) {
            r = flow.resendCode();
          } else if (a.equalsIgnoreCase("reset")) {
            flow.reset();
            out.say("Starting over.");
            r = flow.submitPassword(identifier, password);
          } else if (a.isEmpty() && isLink(flow.view())) {
            r = flow.refresh();
          } else {
            r = flow.verifyCode(a);
          }
          report(r, flow);
      }
    }
    out.say("Too many steps; stopping.");
    return Signin.FAILED;
  }

  private void report(StepResult r, SignInFlow flow) {
    out.step(r, flow.view());
  }

  private static boolean isLink(FlowView v) {
    return v.currentFactor().map(Factor::strategy).filter(Strategy.EMAIL_LINK::equals).isPresent();
  }

  private void tellWhereTheCodeWent(FlowView v, StepResult r) {
    if (r.kind() != OutcomeKind.SUCCESS
        && r.event() != dev.signinflow.engine.SignInEvent.SUBMIT_PASSWORD) {
      return;
    }
    String why =
        v.state() == SignInState.NEEDS_CLIENT_TRUST || v.newDevice()
            ? "This device is new to your account."
            : "Your account has two-step verification.";
    Optional<Factor> f = v.currentFactor();
    if (f.isEmpty()) {
      out.say(why + " No way to verify was offered.");
      return;
    }
    String to = f.get().safeIdentifier().orElse("");
    String how =
        switch (f.get().strategy()) {
          case EMAIL_CODE -> "A code was sent by email to " + to + ".";
          case PHONE_CODE -> "A code was sent by SMS to " + to + ".";
          case EMAIL_LINK -> "A link was sent by email to " + to + "; open it, then press Enter.";
          case TOTP -> "Enter the code from your authenticator app.";
          case BACKUP_CODE -> "Enter one of your backup codes.";
          default -> "Verify with " + f.get().rawStrategy() + ".";
        };
    out.say(why + " " + how);
  }

  private int failure(StepResult r) {
    if (r.kind() == OutcomeKind.INVALID_INPUT && r.state() == SignInState.IDENTIFYING) {
      return Signin.USAGE; // the identifier or password given is malformed; nothing was sent
    }
    if (r.kind() == OutcomeKind.RATE_LIMITED) {
      r.retryAt().ifPresent(at -> out.say("Rate limited: try again " + out.in(at) + "."));
      return Signin.UNAVAILABLE;
    }
    if (r.kind() == OutcomeKind.UNAVAILABLE) {
      out.say("The sign-in server is unavailable.");
      return Signin.UNAVAILABLE;
    }
    if (r.kind() == OutcomeKind.SIGN_OUT_REQUIRED) {
      out.say("Another account is signed in on this device: run 'signin logout' first.");
    }
    return Signin.FAILED;
  }
}
