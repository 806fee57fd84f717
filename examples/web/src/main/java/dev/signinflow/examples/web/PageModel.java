package dev.signinflow.examples.web;

import dev.signinflow.engine.Factor;
import dev.signinflow.engine.FlowView;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the templates show, worked out here so that the templates hold no logic. */
final class PageModel {
  private PageModel() {}

  /** One message on the page: Clerk's code (as {@code data-code}) and the text. */
  record Shown(String code, String text) {}

  /** A step's errors: global ones above the form, the others under their field. */
  record Errors(
      List<Shown> global, List<Shown> identifier, List<Shown> password, List<Shown> code) {
    static final Errors NONE = new Errors(List.of(), List.of(), List.of(), List.of());

    static Errors of(StepNotice notice, Instant now) {
      if (notice == null) {
        return NONE;
      }
      List<Shown> global = new ArrayList<>();
      List<Shown> identifier = new ArrayList<>();
      List<Shown> password = new ArrayList<>();
      List<Shown> code = new ArrayList<>();
      for (StepNotice.Error e : notice.errors()) {
        Shown s = new Shown(e.code(), text(e, notice, now));
        if (e.field() == null) {
          global.add(s);
        } else {
          switch (e.field()) {
            case "identifier" -> identifier.add(s);
            case "password" -> password.add(s);
            default -> code.add(s);
          }
        }
      }
      return new Errors(global, identifier, password, code);
    }

    public boolean any() {
      return !global.isEmpty() || !identifier.isEmpty() || !password.isEmpty() || !code.isEmpty();
    }
  }

  private static String text(StepNotice.Error e, StepNotice notice, Instant now) {
    switch (e.code()) {
      case "resend_cooldown":
        {
          String at = e.meta().get("resend_available_at");
          long s = at == null ? 0 : secondsUntil(Instant.parse(at), now);
          return s > 0
              ? "Please wait " + s + " seconds before asking for another code."
              : e.message();
        }
      case "too_many_requests":
        {
          long s =
              notice.retryAt() == null
                  ? 0
                  : secondsUntil(Instant.ofEpochMilli(notice.retryAt()), now);
          return s > 0 ? "Too many attempts. Please try again in " + s + " seconds." : e.message();
        }
      default:
        return e.message();
    }
  }

  /** Whole seconds from now until then, rounded up; 0 once it has passed. */
  static long secondsUntil(Instant then, Instant now) {
    long ms = Duration.between(now, then).toMillis();
    return ms <= 0 ? 0 : (ms + 999) / 1000;
  }

  /** Another method the user may switch to. */
  record Choice(String strategy, String label) {}

  /** The "Verify your device" / "Two-step verification" page. */
  record Verify(
      String title,
      boolean newDevice,
      String instruction,
      boolean takesCode,
      String codeLabel,
      String inputMode,
      boolean emailLink,
      boolean delivered,
      long cooldownSeconds,
      boolean noMoreSends,
      List<Choice> others) {}

  static Verify verify(FlowView v, Instant now) {
    Optional<Factor> current = v.currentFactor();
    Strategy s = current.map(Factor::strategy).orElse(Strategy.UNKNOWN);
    String to = current.flatMap(Factor::safeIdentifier).orElse("you");
    String title =
        v.state() == SignInState.NEEDS_CLIENT_TRUST
            ? "Verify your device"
            : "Two-step verification";
    String instruction =
        switch (s) {
          case EMAIL_CODE -> "Enter the code we sent to " + to + ".";
          case PHONE_CODE -> "Enter the code we sent by text message to " + to + ".";
          case EMAIL_LINK ->
              "We sent a link to " + to + ". Open it, then come back and press \"I clicked it\".";
          case TOTP -> "Enter the code from your authenticator app.";
          case BACKUP_CODE -> "Enter one of your backup codes.";
          default -> "Choose how to verify.";
        };
    List<Choice> others = new ArrayList<>();
    for (Factor f : v.offeredFactors()) {
      if (f.strategy() != Strategy.UNKNOWN
          && f.strategy() != s
          && others.stream().noneMatch(c -> c.strategy().equals(f.strategy().wireName()))) {
        others.add(new Choice(f.strategy().wireName(), label(f)));
      }
    }
    long cooldown = v.resendAvailableAt().map(at -> secondsUntil(at, now)).orElse(0L);
    boolean delivered = s.isDelivered();
    return new Verify(
        title,
        v.newDevice(),
        instruction,
        s.takesCode(),
        s == Strategy.BACKUP_CODE ? "Backup code" : "Verification code",
        s == Strategy.BACKUP_CODE ? "text" : "numeric",
        s == Strategy.EMAIL_LINK,
        delivered,
        cooldown,
        delivered && v.resendAvailableAt().isEmpty(),
        others);
  }

  static String label(Factor f) {
    String to = f.safeIdentifier().orElse("");
    return switch (f.strategy()) {
      case EMAIL_CODE -> "Email a code to " + to;
      case PHONE_CODE -> "Text a code to " + to;
      case EMAIL_LINK -> "Email a link to " + to;
      case TOTP -> "Use your authenticator app";
      case BACKUP_CODE -> "Use a backup code";
      default -> f.rawStrategy();
    };
  }

  /** The signed-in page. */
  record SignedIn(
      String identifier,
      String userId,
      String sessionId,
      String status,
      List<String> tasks,
      String token,
      String tokenExpires,
      String tokenProblem) {}
}
