package dev.signinflow.examples.web;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.FlowId;
import dev.signinflow.engine.FlowView;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Strategy;
import dev.signinflow.testkit.explore.SystemUnderTest;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.htmlunit.BrowserVersion;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.http.Cookie;
import org.htmlunit.util.NameValuePair;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web app as the transition explorer's system under test: each step is the form post a page of
 * the app makes (with the page's CSRF token, following the redirect back to the page, as a browser
 * without JavaScript does), whatever page is showing — so a stale form (the back button, a second
 * tab) is explored too. The page after each step must show what the flow's state says.
 *
 * <p>For each scenario the app starts on the explorer's engine and clock (its own engine bean steps
 * aside) on a free loopback port. Which flow a browser holds is read from the HTTP session as the
 * app writes it, through a session attribute listener.
 */
final class WebAppUnderTest implements SystemUnderTest {
  @Override
  public Driver attach(SignInEngine engine, Clock clock) {
    FlowIds ids = new FlowIds();
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(WebApp.class)
            .initializers(
                c -> {
                  c.getBeanFactory().registerSingleton("explorerEngine", engine);
                  c.getBeanFactory().registerSingleton("explorerClock", clock);
                  c.getBeanFactory().registerSingleton("explorerFlowIds", ids);
                })
            .run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                // The engine is the explorer's; this Frontend API (the starter's gateway, and
                // the health check) is never called.
                "--signinflow.clerk.frontend-api-url=http://127.0.0.1:9",
                "--management.health.signinflow.enabled=false",
                "--logging.level.root=WARN");
    URI base =
        URI.create(
            "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + "/");
    return new Driver() {
      @Override
      public Session open(DeviceId device) {
        return new Browser(base, engine, device, ids);
      }

      @Override
      public void close() {
        context.close();
      }
    };
  }

  @Override
  public String toString() {
    return "the web app";
  }

  /** Which flow each HTTP session holds, as the app writes it. */
  static final class FlowIds implements HttpSessionAttributeListener {
    private final Map<String, String> bySession = new ConcurrentHashMap<>();

    @Override
    public void attributeAdded(HttpSessionBindingEvent e) {
      changed(e);
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent e) {
      changed(e);
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent e) {
      if (SignInController.FLOW.equals(e.getName())) {
        bySession.remove(e.getSession().getId());
      }
    }

    private void changed(HttpSessionBindingEvent e) {
      if (SignInController.FLOW.equals(e.getName())) {
        bySession.put(e.getSession().getId(), (String) e.getSession().getAttribute(e.getName()));
      }
    }

    Optional<String> of(String sessionId) {
      return Optional.ofNullable(bySession.get(sessionId));
    }
  }

  /** One user: a browser without JavaScript, with the device's cookie. */
  static final class Browser implements Session {
    private final URI base;
    private final SignInEngine engine;
    private final DeviceId device;
    private final FlowIds ids;
    private final WebClient client = new WebClient(BrowserVersion.FIREFOX);
    private HtmlPage page;
    private List<ClerkError> shown = List.of();

    Browser(URI base, SignInEngine engine, DeviceId device, FlowIds ids) {
      this.base = base;
      this.engine = engine;
      this.device = device;
      this.ids = ids;
      client.getOptions().setJavaScriptEnabled(false);
      client.getOptions().setCssEnabled(false);
      client.getOptions().setThrowExceptionOnFailingStatusCode(false);
      client
          .getCookieManager()
          .addCookie(
              new Cookie(
                  base.getHost(), DeviceCookie.NAME, device.value(), "/", null, false, true));
      try {
        page = client.getPage(base.toURL());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private Response post(String path, String... fields) {
      try {
        WebRequest request = new WebRequest(new URL(base.toURL(), path), HttpMethod.POST);
        List<NameValuePair> params = new ArrayList<>();
        DomElement csrf = page.querySelector("input[name=_csrf]", page);
        if (csrf != null) {
          params.add(new NameValuePair("_csrf", ((HtmlInput) csrf).getValue()));
        }
        for (int i = 0; i + 1 < fields.length; i += 2) {
          params.add(new NameValuePair(fields[i], fields[i + 1]));
        }
        request.setRequestParameters(params);
        if (!(client.getPage(request) instanceof HtmlPage next)) {
          throw new IllegalStateException(path + " answered something that is not a page");
        }
        page = next;
        shown = errorsOn(page);
        return Response.shown(shown, page.getWebResponse().getContentAsString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public Response submitPassword(String identifier, String password) {
      return post("/sign-in", "identifier", identifier, "password", password);
    }

    @Override
    public Response resendCode() {
      return post("/resend");
    }

    @Override
    public Response verifyCode(String code) {
      return post("/verify", "code", code);
    }

    @Override
    public Response selectFactor(Strategy strategy) {
      return post("/factor", "strategy", strategy.wireName());
    }

    @Override
    public Response refresh() {
      return post("/refresh");
    }

    @Override
    public Response reset() {
      return post("/reset");
    }

    @Override
    public Response finalizeSession() {
      return post("/finalize");
    }

    @Override
    public Response signOut() {
      return post("/sign-out");
    }

    @Override
    public SignInFlow flow() {
      Cookie session = client.getCookieManager().getCookie("JSESSIONID");
      return Optional.ofNullable(session)
          .flatMap(s -> ids.of(s.getValue()))
          .flatMap(id -> engine.flow(FlowId.of(id)))
          // No flow held: the one the app starts at the next page view, fresh on this device.
          .orElseGet(() -> engine.newFlow(device));
    }

    @Override
    public List<String> disagreements(FlowView view, StepResult step, Instant now) {
      return PageChecks.check(page, shown, view, step, now);
    }
  }

  /** The errors a page shows: global ones above the form, the others under their field. */
  static List<ClerkError> errorsOn(HtmlPage page) {
    List<ClerkError> out = new ArrayList<>();
    for (DomNode n : page.querySelectorAll("[data-code]", page)) {
      DomElement e = (DomElement) n;
      String code = e.getAttribute("data-code");
      String text = e.getTextContent().strip();
      String field = null;
      for (DomNode p = e.getParentNode(); p instanceof DomElement pe; p = p.getParentNode()) {
        String id = pe.getId();
        if (id.endsWith("-error")) {
          field = id.substring(0, id.length() - "-error".length());
          break;
        }
      }
      out.add(
          new ClerkError(
              code,
              text,
              text,
              field == null ? Map.of() : Map.of("param_name", field),
              Optional.empty()));
    }
    return out;
  }

  /** What a page must show for a flow's view: the invariant shows-what-the-state-says. */
  static final class PageChecks {
    private PageChecks() {}

    static List<String> check(
        HtmlPage page, List<ClerkError> shown, FlowView view, StepResult step, Instant now) {
      List<String> p = new ArrayList<>();
      DomElement main = page.querySelector("main", page);
      String kind = main == null ? "(no page)" : main.getAttribute("data-page");
      String expected =
          switch (view.state()) {
            case IDENTIFYING -> "sign-in";
            case NEEDS_CLIENT_TRUST, NEEDS_SECOND_FACTOR -> "verify";
            case COMPLETE -> view.session().isPresent() ? "signed-in" : "finish";
          };
      if (!kind.equals(expected)) {
        p.add(
            "the page is "
                + kind
                + " for a flow in "
                + view.state()
                + " (expected "
                + expected
                + ")");
        return p;
      }
      switch (expected) {
        case "sign-in" -> {
          need(p, page, "form[action='/sign-in'] input#identifier[autocomplete=username]");
          need(p, page, "form[action='/sign-in'] input#password[type=password]");
          labelled(p, page, "identifier");
          labelled(p, page, "password");
        }
        case "verify" -> verify(p, page, view, now);
        case "finish" -> need(p, page, "form[action='/finalize'] button#finish");
        default -> {
          need(p, page, "form[action='/sign-out'] button#sign-out");
          text(p, page, "session-id", view.session().orElseThrow().id());
          text(p, page, "user-id", view.session().orElseThrow().userId());
        }
      }
      // The step's outcome, as the page tells it.
      Set<String> codes = new TreeSet<>(shown.stream().map(ClerkError::code).toList());
      OutcomeKind k = step.kind();
      if (k == OutcomeKind.SUCCESS && !shown.isEmpty()) {
        p.add("a step that succeeded shows errors " + codes);
      } else if (k == OutcomeKind.ILLEGAL_EVENT && !codes.contains("event_not_allowed")) {
        p.add("an event the state refuses shows " + codes + ", not event_not_allowed");
      } else if (k == OutcomeKind.BUSY && !codes.contains("flow_busy")) {
        p.add("a busy flow shows " + codes + ", not flow_busy");
      } else if (k != OutcomeKind.SUCCESS && shown.isEmpty()) {
        p.add("a step with outcome " + k + " shows no error");
      }
      for (ClerkError e : shown) {
        e.paramName()
            .ifPresent(
                f -> {
                  if (page.getElementById(f) == null && !"verify".equals(expected)) {
                    p.add("an error of field " + f + " on a page without that field");
                  }
                });
      }
      return p;
    }

    private static void verify(List<String> p, HtmlPage page, FlowView view, Instant now) {
      String title =
          view.state() == SignInState.NEEDS_CLIENT_TRUST
              ? "Verify your device"
              : "Two-step verification";
      DomElement h1 = page.querySelector("h1", page);
      if (h1 == null || !h1.getTextContent().strip().equals(title)) {
        p.add("the heading is not \"" + title + "\" in " + view.state());
      }
      if (view.newDevice() != (page.getElementById("new-device") != null)) {
        p.add("the new-device badge " + (view.newDevice() ? "is missing" : "is shown, wrongly"));
      }
      Optional<Factor> factor = view.currentFactor();
      Strategy s = factor.map(Factor::strategy).orElse(Strategy.UNKNOWN);
      boolean codeForm = page.getElementById("code-form") != null;
      if (codeForm != s.takesCode()) {
        p.add("a code field " + (codeForm ? "is shown" : "is missing") + " for " + s);
      }
      if (codeForm) {
        need(p, page, "input#code[autocomplete=one-time-code]");
        need(
            p,
            page,
            "input#code[inputmode=" + (s == Strategy.BACKUP_CODE ? "text" : "numeric") + "]");
        labelled(p, page, "code");
      }
      if ((page.getElementById("clicked") != null) != (s == Strategy.EMAIL_LINK)) {
        p.add("\"I clicked it\" does not match the factor " + s);
      }
      if ((page.getElementById("resend") != null) != s.isDelivered()) {
        p.add("\"I need a new code\" does not match the factor " + s);
      }
      factor
          .flatMap(Factor::safeIdentifier)
          .filter(x -> s.isDelivered())
          .ifPresent(
              to -> {
                DomElement i = page.getElementById("instruction");
                if (i == null || !i.getTextContent().contains(to)) {
                  p.add("the instruction does not name " + to);
                }
              });
      long cooldown =
          view.resendAvailableAt().map(at -> PageModel.secondsUntil(at, now)).orElse(0L);
      DomElement shownCooldown = page.getElementById("cooldown");
      if (s.isDelivered() && cooldown > 0) {
        if (shownCooldown == null
            || !shownCooldown.getTextContent().contains(" " + cooldown + " ")) {
          p.add("the cooldown of " + cooldown + " s is not shown");
        }
      } else if (shownCooldown != null) {
        p.add("a cooldown is shown while a code may be sent");
      }
      boolean noMore = s.isDelivered() && view.resendAvailableAt().isEmpty();
      if (noMore != (page.getElementById("no-more-codes") != null)) {
        p.add("\"no more codes\" is " + (noMore ? "missing" : "shown, wrongly"));
      }
      Set<String> offered = new TreeSet<>();
      for (Factor f : view.offeredFactors()) {
        if (f.strategy() != Strategy.UNKNOWN && f.strategy() != s) {
          offered.add(f.strategy().wireName());
        }
      }
      Set<String> buttons = new TreeSet<>();
      for (DomNode n : page.querySelectorAll("button[data-strategy]", page)) {
        buttons.add(((DomElement) n).getAttribute("data-strategy"));
      }
      if (!buttons.equals(offered)) {
        p.add("\"use another method\" offers " + buttons + ", the flow " + offered);
      }
      need(p, page, "form[action='/reset'] button#start-over");
    }

    private static void need(List<String> p, HtmlPage page, String css) {
      if (page.querySelector(css, page) == null) {
        p.add("no " + css);
      }
    }

    private static void labelled(List<String> p, HtmlPage page, String id) {
      if (page.querySelector("label[for=" + id + "]", page) == null) {
        p.add("#" + id + " has no label");
      }
    }

    private static void text(List<String> p, HtmlPage page, String id, String expected) {
      DomElement e = page.getElementById(id);
      if (e == null || !e.getTextContent().strip().equals(expected)) {
        p.add("#" + id + " does not show " + expected);
      }
    }
  }
}
