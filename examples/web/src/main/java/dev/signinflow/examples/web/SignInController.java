package dev.signinflow.examples.web;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.FlowId;
import dev.signinflow.engine.FlowView;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionResult;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.FlowStoreException;
import dev.signinflow.engine.spi.SessionToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The sign-in page. {@code GET /} shows the flow as it stands; each form posts one event to the
 * flow (one engine call, never two) and redirects back to {@code GET /} with what the step said
 * (Post/Redirect/Get: a reload never sends a code or a password again).
 *
 * <p>The flow lives in the engine's flow store ({@link SignInEngine#startFlow}); its id lives in
 * the HTTP session. A second submit while a step runs (a double click) reaches the same stored
 * flow, which is leased: the engine answers it {@code BUSY} without a call to Clerk, and the page
 * says so and reloads itself shortly (no script needed).
 */
@Controller
final class SignInController {
  /** The HTTP session attribute holding the flow's id. */
  static final String FLOW = "signinflow.flow";

  private final SignInEngine engine;
  private final DeviceCookie devices;
  private final Clock clock;

  SignInController(SignInEngine engine, DeviceCookie devices, ObjectProvider<Clock> clock) {
    this.engine = engine;
    this.devices = devices;
    this.clock = clock.getIfUnique(Clock::systemUTC);
  }

  @GetMapping("/")
  String page(HttpServletRequest request, HttpServletResponse response, Model model) {
    return render(request, response, model, false);
  }

  /**
   * The page with a fresh session token for the signed-in session (one the backend would verify):
   * asked for, not minted on every page view, so that showing the page never calls Clerk.
   */
  @GetMapping("/token")
  String token(HttpServletRequest request, HttpServletResponse response, Model model) {
    return render(request, response, model, true);
  }

  private String render(
      HttpServletRequest request, HttpServletResponse response, Model model, boolean token) {
    DeviceId device = devices.of(request, response);
    HttpSession session = request.getSession();
    StepNotice notice = (StepNotice) model.getAttribute("step");
    Instant now = clock.instant();
    model.addAttribute("errors", PageModel.Errors.of(notice, now));
    model.addAttribute("busy", notice != null && notice.outcome().equals("BUSY"));
    model.addAttribute("info", info(notice));
    SignInFlow flow;
    try {
      flow = stored(session).orElseGet(() -> start(session, device));
    } catch (FlowStoreException e) {
      response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
      return "unavailable";
    }
    FlowView v = flow.view();
    model.addAttribute("identifier", identifier(notice, v));
    switch (v.state()) {
      case IDENTIFYING:
        return "sign-in";
      case NEEDS_CLIENT_TRUST:
      case NEEDS_SECOND_FACTOR:
        model.addAttribute("verify", PageModel.verify(v, now));
        return "verify";
      default:
        if (v.session().isEmpty()) {
          return "finish";
        }
        model.addAttribute("signedIn", signedIn(Requests.context(request), device, v, token));
        return "signed-in";
    }
  }

  @PostMapping("/sign-in")
  RedirectView signIn(
      @RequestParam(defaultValue = "") String identifier,
      @RequestParam(defaultValue = "") String password,
      HttpServletRequest request,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    return step(
        request,
        response,
        redirect,
        SignInEvent.SUBMIT_PASSWORD,
        identifier,
        (f, ctx) -> f.submitPassword(ctx, identifier, password));
  }

  @PostMapping("/verify")
  RedirectView verify(
      @RequestParam(defaultValue = "") String code,
      HttpServletRequest request,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    return step(
        request,
        response,
        redirect,
        SignInEvent.VERIFY_CODE,
        null,
        (f, ctx) -> f.verifyCode(ctx, code));
  }

  @PostMapping("/resend")
  RedirectView resend(
      HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
    return step(request, response, redirect, SignInEvent.RESEND_CODE, null, SignInFlow::resendCode);
  }

  @PostMapping("/factor")
  RedirectView factor(
      @RequestParam(defaultValue = "") String strategy,
      HttpServletRequest request,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    Strategy s = Strategy.fromWireName(strategy);
    return step(
        request,
        response,
        redirect,
        SignInEvent.SELECT_FACTOR,
        null,
        (f, ctx) -> f.selectFactor(ctx, s));
  }

  @PostMapping("/refresh")
  RedirectView refresh(
      HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
    return step(request, response, redirect, SignInEvent.REFRESH, null, SignInFlow::refresh);
  }

  @PostMapping("/reset")
  RedirectView reset(
      HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
    return step(request, response, redirect, SignInEvent.RESET, null, (f, ctx) -> f.reset());
  }

  @PostMapping("/finalize")
  RedirectView finish(
      HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
    return step(
        request, response, redirect, SignInEvent.FINALIZE, null, SignInFlow::finalizeSession);
  }

  @PostMapping("/sign-out")
  RedirectView signOut(
      HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
    return step(request, response, redirect, SignInEvent.SIGN_OUT, null, SignInFlow::signOut);
  }

  /** Sends one event to the session's flow and redirects to the page. */
  private RedirectView step(
      HttpServletRequest request,
      HttpServletResponse response,
      RedirectAttributes redirect,
      SignInEvent event,
      String identifier,
      BiFunction<SignInFlow, RequestContext, StepResult> send) {
    DeviceId device = devices.of(request, response);
    HttpSession session = request.getSession();
    RequestContext ctx = Requests.context(request);
    StepResult r;
    try {
      Optional<FlowId> id = idIn(session);
      Optional<SignInFlow> flow = id.flatMap(engine::flow);
      if (flow.isEmpty() && id.isPresent() && event != SignInEvent.SUBMIT_PASSWORD) {
        // The flow expired with its sign-in (or the store forgot it): say so, start afresh.
        r = new StepResult.FlowNotFound(id.get(), event);
      } else {
        // A password always goes to a flow: a new one if the old one is gone.
        r = send.apply(flow.orElseGet(() -> start(session, device)), ctx);
      }
      if (r instanceof StepResult.FlowNotFound) {
        session.removeAttribute(FLOW);
      }
    } catch (FlowStoreException e) {
      r =
          new StepResult.StoreUnavailable(
              dev.signinflow.engine.SignInState.IDENTIFYING, event, "unreadable");
    }
    redirect.addFlashAttribute("step", StepNotice.of(r, identifier));
    RedirectView to = new RedirectView("/", true);
    to.setStatusCode(HttpStatus.SEE_OTHER);
    return to;
  }

  private Optional<FlowId> idIn(HttpSession session) {
    Object value = session.getAttribute(FLOW);
    if (value instanceof String s) {
      try {
        return Optional.of(FlowId.of(s));
      } catch (IllegalArgumentException e) {
        session.removeAttribute(FLOW);
      }
    }
    return Optional.empty();
  }

  private Optional<SignInFlow> stored(HttpSession session) {
    return idIn(session).flatMap(engine::flow);
  }

  private SignInFlow start(HttpSession session, DeviceId device) {
    SignInFlow flow = engine.startFlow(device);
    session.setAttribute(FLOW, flow.id().orElseThrow().value());
    return flow;
  }

  private static String identifier(StepNotice notice, FlowView v) {
    if (notice != null && notice.identifier() != null) {
      return notice.identifier();
    }
    return v.identifier().orElse("");
  }

  private static String info(StepNotice notice) {
    if (notice == null || !notice.outcome().equals("SUCCESS")) {
      return null;
    }
    switch (notice.event()) {
      case "RESEND_CODE":
        return "A new code is on its way.";
      case "SIGN_OUT":
        return "You have signed out. This device stays trusted: signing in again needs no code.";
      case "RESET":
        return "Started over.";
      default:
        return null;
    }
  }

  private PageModel.SignedIn signedIn(
      RequestContext ctx, DeviceId device, FlowView v, boolean withToken) {
    Session s = v.session().orElseThrow();
    String token = null;
    String expires = null;
    String problem = null;
    if (withToken) {
      SessionResult<SessionToken> jwt = engine.sessionToken(ctx, device);
      if (jwt instanceof SessionResult.Ok<SessionToken> ok) {
        token = ok.value().reveal();
        expires = ok.value().expiresAt().toString();
      } else if (jwt instanceof SessionResult.SignedOut) {
        problem = "This session has ended. Sign out, then sign in again.";
      } else if (jwt instanceof SessionResult.Failed<SessionToken> f) {
        problem = f.errors().first().map(e -> e.message()).orElse("Could not get a session token.");
      }
    }
    return new PageModel.SignedIn(
        v.identifier().orElse(""),
        s.userId(),
        s.id(),
        s.rawStatus(),
        s.tasks().stream().map(t -> t.key()).toList(),
        token,
        expires,
        problem);
  }
}
