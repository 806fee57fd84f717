package dev.signinflow.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.engine.Strategy;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeUser;
import dev.signinflow.transport.fake.Totp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlLabel;
import org.htmlunit.http.Cookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sign-in page without JavaScript (HtmlUnit): every flow of the guide, form by form. */
class SignInPageTest {
  private static final String ADA = DemoSeed.ADA;
  private static final String PW = DemoSeed.PASSWORD;

  private TestApp app;
  private NoScriptBrowser browser;

  @BeforeEach
  void fresh() {
    app = TestApp.get().reset();
    browser = new NoScriptBrowser(app.base);
  }

  @AfterEach
  void close() {
    browser.close();
  }

  @Test
  void everyInputHasALabelAndEveryFormACsrfToken() {
    browser.open();
    assertLabelledAndProtected();
    browser.submitPassword(ADA, PW);
    assertThat(browser.pageKind()).isEqualTo("verify");
    assertLabelledAndProtected();
    HtmlInput code = browser.page.getHtmlElementById("code");
    assertThat(code.getAttribute("autocomplete")).isEqualTo("one-time-code");
    assertThat(code.getAttribute("inputmode")).isEqualTo("numeric");
  }

  private void assertLabelledAndProtected() {
    for (DomElement input : browser.page.getElementsByTagName("input")) {
      if (input.getAttribute("type").equals("hidden")) {
        continue;
      }
      List<HtmlLabel> labels =
          browser.page.getElementsByTagName("label").stream()
              .map(HtmlLabel.class::cast)
              .filter(l -> l.getForAttribute().equals(input.getId()))
              .toList();
      assertThat(labels).as("a label for #%s", input.getId()).hasSize(1);
    }
    for (HtmlForm form : browser.page.getForms()) {
      assertThat(form.getMethodAttribute()).isEqualToIgnoringCase("post");
      assertThat(form.getInputsByName("_csrf")).as("CSRF token in %s", form.getId()).hasSize(1);
    }
  }

  @Test
  void theDeviceCookieIsRandomHttpOnlyAndSameSiteLax() {
    browser.open();
    Cookie device = browser.client.getCookieManager().getCookie(DeviceCookie.NAME);
    assertThat(device).isNotNull();
    assertThat(device.isHttpOnly()).isTrue();
    assertThat(device.getSameSite()).isEqualToIgnoringCase("lax");
    assertThat(device.isSecure()).as("plain HTTP here: not Secure").isFalse();
    assertThat(device.getValue()).matches("[A-Za-z0-9_-]{22}");
    try (NoScriptBrowser other = new NoScriptBrowser(app.base)) {
      other.open();
      assertThat(other.client.getCookieManager().getCookie(DeviceCookie.NAME).getValue())
          .isNotEqualTo(device.getValue());
    }
  }

  @Test
  void aWrongPasswordIsAFieldErrorAndThePasswordIsNotShownAgain() {
    browser.submitPassword(ADA, "wrong password");
    assertThat(browser.pageKind()).isEqualTo("sign-in");
    assertThat(browser.fieldErrors("password")).containsExactly("form_password_incorrect");
    assertThat(browser.fieldErrors("identifier")).isEmpty();
    assertThat(browser.globalErrors()).isEmpty();
    assertThat(((HtmlInput) browser.page.getHtmlElementById("identifier")).getValue())
        .isEqualTo(ADA);
    assertThat(browser.page.asXml()).doesNotContain("wrong password");
    assertThat(browser.page.getHtmlElementById("password").getAttribute("aria-describedby"))
        .isEqualTo("password-error");
  }

  @Test
  void newDeviceByEmailCodeWithAWrongCodeAResendAndTheRightCode() {
    browser.submitPassword(ADA, PW);
    assertThat(browser.pageKind()).isEqualTo("verify");
    assertThat(browser.text("instruction"))
        .isEqualTo("Enter the code we sent to a***@example.com.");
    assertThat(browser.text("cooldown")).isEqualTo("You can ask for a new code in 30 seconds.");
    String first = app.lastCode(ADA);

    browser.type("code", first.equals("000000") ? "111111" : "000000").click("verify");
    assertThat(browser.fieldErrors("code")).containsExactly("form_code_incorrect");
    assertThat(browser.page.asXml()).doesNotContain(first);

    browser.click("resend");
    assertThat(browser.globalErrors()).containsExactly("resend_cooldown");
    assertThat(browser.text("errors")).contains("30 seconds");
    assertThat(app.fake.outbox(ADA)).hasSize(1);

    app.advance(Duration.ofSeconds(31));
    browser.open();
    assertThat(browser.text("cooldown")).isNull();
    browser.click("resend");
    assertThat(browser.text("info")).isEqualTo("A new code is on its way.");
    assertThat(browser.text("cooldown")).contains("30 seconds");
    assertThat(app.fake.outbox(ADA)).hasSize(2);

    browser.type("code", app.lastCode(ADA)).click("verify");
    assertThat(browser.pageKind()).isEqualTo("finish");
    browser.click("finish");
    assertThat(browser.pageKind()).isEqualTo("signed-in");
    assertThat(browser.text("user-id")).startsWith("user_");
    assertThat(browser.text("session-id")).startsWith("sess_");
    assertThat(browser.text("session-status")).isEqualTo("active");
    assertThat(browser.text("token")).isNull();
    browser.click("get-token");
    assertThat(browser.text("token").split("\\.")).hasSize(3);
    assertThat(browser.text("token-expires")).startsWith("Expires at ");
  }

  @Test
  void signOutThenSignInAgainNeedsNoCode() {
    signInAsAda();
    browser.click("sign-out");
    assertThat(browser.pageKind()).isEqualTo("sign-in");
    assertThat(browser.text("info")).contains("needs no code");
    int sent = app.fake.outbox().size();
    browser.submitPassword(ADA, PW);
    assertThat(browser.pageKind()).isEqualTo("finish");
    browser.click("finish");
    assertThat(browser.pageKind()).isEqualTo("signed-in");
    assertThat(app.fake.outbox()).hasSize(sent);
  }

  @Test
  void startOverGoesBackToThePasswordAndTheDeviceStaysNew() {
    browser.submitPassword(ADA, PW);
    browser.click("start-over");
    assertThat(browser.pageKind()).isEqualTo("sign-in");
    browser.submitPassword(ADA, PW);
    assertThat(browser.pageKind()).isEqualTo("verify");
    assertThat(browser.page.getElementById("new-device")).isNotNull();
  }

  @Test
  void totpThenAnotherMethodThenABackupCode() {
    browser.submitPassword(DemoSeed.GRACE, PW);
    assertThat(browser.pageKind()).isEqualTo("verify");
    assertThat(browser.text("instruction"))
        .isEqualTo("Enter the code from your authenticator app.");
    assertThat(((DomElement) browser.page.querySelector("h1", browser.page)).getTextContent())
        .isEqualTo("Two-step verification");
    assertThat(browser.page.getElementById("resend-form")).isNull();

    browser.clickSelector("button[data-strategy=backup_code]");
    assertThat(browser.text("instruction")).isEqualTo("Enter one of your backup codes.");
    assertThat(browser.page.getHtmlElementById("code").getAttribute("inputmode")).isEqualTo("text");
    browser.type("code", DemoSeed.GRACE_BACKUP_CODES.get(0)).click("verify");
    assertThat(browser.pageKind()).isEqualTo("finish");
  }

  @Test
  void totpCodeSignsIn() {
    browser.submitPassword(DemoSeed.GRACE, PW);
    String code = Totp.code(DemoSeed.GRACE_TOTP_SECRET, app.fake.clock().instant());
    browser.type("code", code).click("verify");
    assertThat(browser.pageKind()).isEqualTo("finish");
  }

  @Test
  void smsOnlyInstance() {
    app.settings(b -> b.smsOnly());
    browser.submitPassword(DemoSeed.SMS_USER, PW);
    assertThat(browser.pageKind()).isEqualTo("verify");
    assertThat(((DomElement) browser.page.querySelector("h1", browser.page)).getTextContent())
        .isEqualTo("Verify your device");
    assertThat(browser.text("instruction")).startsWith("Enter the code we sent by text message to");
    browser.type("code", FakeClerk.TEST_CODE).click("verify");
    assertThat(browser.pageKind()).isEqualTo("finish");
  }

  @Test
  void smsSecondFactor() {
    app.fake.addUser(
        FakeUser.withEmail("lin@example.com")
            .phone("+15555550142")
            .password(PW)
            .withSmsSecondFactor());
    browser.submitPassword("lin@example.com", PW);
    assertThat(((DomElement) browser.page.querySelector("h1", browser.page)).getTextContent())
        .isEqualTo("Two-step verification");
    assertThat(browser.text("instruction")).startsWith("Enter the code we sent by text message");
    browser.type("code", FakeClerk.TEST_CODE).click("verify");
    assertThat(browser.pageKind()).isEqualTo("finish");
  }

  @Test
  void emailLinkWithIClickedIt() {
    app.settings(b -> b.emailCodeEnabled(false).smsEnabled(false).emailLinkEnabled(true));
    browser.submitPassword(ADA, PW);
    assertThat(browser.pageKind()).isEqualTo("verify");
    assertThat(browser.page.getElementById("code-form")).isNull();
    browser.click("clicked"); // not yet: the page stays
    assertThat(browser.pageKind()).isEqualTo("verify");
    String token = app.fake.outbox(ADA).get(0).linkToken().orElseThrow();
    assertThat(app.fake.visitEmailLink(token)).isEqualTo(FakeClerk.LinkVisit.VERIFIED);
    browser.click("clicked");
    assertThat(browser.pageKind()).isEqualTo("finish");
  }

  @Test
  void anotherMethodOffersExactlyTheOtherFactors() {
    browser.submitPassword(DemoSeed.GRACE, PW);
    List<String> offered =
        browser.page.querySelectorAll("button[data-strategy]", browser.page).stream()
            .map(n -> ((DomElement) n).getAttribute("data-strategy"))
            .toList();
    assertThat(offered).doesNotContain(Strategy.TOTP.wireName()).contains("backup_code");
  }

  @Test
  void aStaleFormIsAGlobalErrorNotACrash() {
    browser.open();
    String token = csrf();
    HttpResponse<String> r = post("/verify", "code=123456&_csrf=" + token);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("data-code=\"event_not_allowed\"")
        .contains("data-page=\"sign-in\"");
  }

  @Test
  void aPostWithoutTheCsrfTokenIsRefusedAndReachesNothing() {
    browser.open();
    int sent = app.fake.outbox().size();
    HttpResponse<String> r = post("/sign-in", "identifier=ada%40example.com&password=x");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("This form has expired");
    assertThat(app.fake.outbox()).hasSize(sent);
  }

  @Test
  void aDoubleSubmitIsAnsweredBusyWithoutASecondCall() throws Exception {
    browser.open();
    String token = csrf();
    app.flows.holdNextCommit();
    String body =
        "identifier=ada%40example.com&password=correct+horse+battery+staple&_csrf=" + token;
    CompletableFuture<HttpResponse<String>> first =
        CompletableFuture.supplyAsync(() -> post("/sign-in", body));
    app.flows.awaitHolding();
    HttpResponse<String> second = post("/sign-in", body);
    assertThat(second.body())
        .contains("data-code=\"flow_busy\"")
        .contains("http-equiv=\"refresh\"")
        .contains("data-page=\"sign-in\"");
    app.flows.letGo();
    assertThat(first.get().body()).contains("data-page=\"verify\"");
    assertThat(app.fake.outbox(ADA)).hasSize(1);
  }

  @Test
  void noStackTraceAndNo500ForNonsense() {
    browser.open();
    String token = csrf();
    assertThat(post("/factor", "strategy=sms_carrier_pigeon&_csrf=" + token).statusCode())
        .isEqualTo(200);
    HttpResponse<String> badBytes = post("/factor", "strategy=%00%FF&_csrf=" + token);
    assertThat(badBytes.statusCode()).isEqualTo(400);
    assertThat(badBytes.body()).doesNotContain("Exception");
    assertThat(post("/verify", "_csrf=" + token).statusCode()).isEqualTo(200);
    HttpResponse<String> r = post("/sign-in", "identifier=" + "a".repeat(5000) + "&_csrf=" + token);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.");
  }

  private void signInAsAda() {
    browser.submitPassword(ADA, PW);
    browser.type("code", app.lastCode(ADA)).click("verify");
    browser.click("finish");
    assertThat(browser.pageKind()).isEqualTo("signed-in");
  }

  private String csrf() {
    return ((HtmlInput) browser.page.querySelector("input[name=_csrf]", browser.page)).getValue();
  }

  /** A form post with the browser's cookies, following the redirect like a browser. */
  private HttpResponse<String> post(String path, String form) {
    String cookies =
        String.join(
            "; ",
            browser.client.getCookieManager().getCookies().stream()
                .map(c -> c.getName() + "=" + c.getValue())
                .toList());
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(app.base + path.substring(1)))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("Accept", "text/html")
              .header("Cookie", cookies)
              .POST(HttpRequest.BodyPublishers.ofString(form))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static final Set<String> UNUSED = Set.of();
}
