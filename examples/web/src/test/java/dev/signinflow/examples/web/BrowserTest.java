package dev.signinflow.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.Totp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The page as a person sees it: headless Chromium with JavaScript on, against the app on a free
 * loopback port. Each test saves a screenshot under target/screenshots. Skipped, with a message,
 * only where /usr/bin/chromium is not installed.
 *
 * <p>Two nodes of the app sharing Redis behind a load balancer need {@code signinflow-store-redis}
 * and are not tested here yet.
 */
class BrowserTest {
  private static Chromium chromium;
  private TestApp app;
  private String name;

  @BeforeAll
  static void startBrowser() {
    assumeTrue(
        Chromium.installed(),
        "Skipping the browser tests: /usr/bin/chromium or /usr/bin/chromedriver is not installed"
            + " (apt-get install chromium chromium-driver).");
    chromium = new Chromium();
  }

  @AfterAll
  static void stopBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @BeforeEach
  void fresh(TestInfo info) {
    app = TestApp.get().reset();
    chromium.forgetEverything();
    name = info.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void screenshot() {
    chromium.screenshot(name);
  }

  private void submitPassword(String identifier, String password) {
    chromium.open(app.base.toString());
    chromium.awaitPage("sign-in");
    chromium.find("#identifier").sendKeys(identifier);
    chromium.find("#password").sendKeys(password);
    chromium.find("#continue").click();
  }

  private void typeCode(String code) {
    WebElement input = chromium.find("#code");
    input.clear();
    input.sendKeys(code);
    chromium.find("#verify").click();
  }

  private List<String> codes(String css) {
    return chromium.driver.findElements(By.cssSelector(css)).stream()
        .map(e -> e.getAttribute("data-code"))
        .toList();
  }

  @Test
  void newDeviceByEmailCode() {
    chromium.open(app.base.toString());
    chromium.awaitPage("sign-in");
    chromium.find("#identifier").sendKeys(DemoSeed.ADA);
    chromium.find("#password").sendKeys(DemoSeed.PASSWORD);
    chromium.screenshot("sign-in");
    chromium.find("#continue").click();
    chromium.awaitPage("verify");
    assertThat(chromium.find("h1").getText()).isEqualTo("Verify your device");

    String right = app.lastCode(DemoSeed.ADA);
    typeCode(right.equals("000000") ? "111111" : "000000");
    chromium.awaitPage("verify");
    assertThat(codes("#code-error [data-code]")).containsExactly("form_code_incorrect");
    assertThat(chromium.find("#cooldown").getText()).contains("seconds");
    chromium.screenshot("verify-your-device");

    chromium.find("#resend").click();
    chromium.awaitPage("verify");
    assertThat(codes("#errors [data-code]")).containsExactly("resend_cooldown");

    app.advance(Duration.ofSeconds(31));
    chromium.open(app.base.toString());
    chromium.awaitPage("verify");
    chromium.find("#resend").click();
    chromium.awaitPage("verify");
    assertThat(chromium.find("#info").getText()).isEqualTo("A new code is on its way.");

    typeCode(app.lastCode(DemoSeed.ADA));
    // The script presses "Continue" by itself.
    chromium.awaitPage("signed-in");
    assertThat(chromium.find("#session-status").getText()).isEqualTo("active");
    chromium.find("#get-token").click();
    assertThat(chromium.await("#token").getAttribute("value").split("\\.")).hasSize(3);
    chromium.screenshot("signed-in");
  }

  @Test
  void smsOnlyInstance() {
    app.settings(b -> b.smsOnly());
    submitPassword(DemoSeed.SMS_USER, DemoSeed.PASSWORD);
    chromium.awaitPage("verify");
    assertThat(chromium.find("#instruction").getText()).contains("by text message");
    typeCode(FakeClerk.TEST_CODE);
    chromium.awaitPage("signed-in");
  }

  @Test
  void totpUser() {
    submitPassword(DemoSeed.GRACE, DemoSeed.PASSWORD);
    chromium.awaitPage("verify");
    assertThat(chromium.find("h1").getText()).isEqualTo("Two-step verification");
    typeCode(Totp.code(DemoSeed.GRACE_TOTP_SECRET, app.fake.clock().instant()));
    chromium.awaitPage("signed-in");
  }

  @Test
  void startOver() {
    submitPassword(DemoSeed.ADA, DemoSeed.PASSWORD);
    chromium.awaitPage("verify");
    chromium.find("#start-over").click();
    chromium.awaitPage("sign-in");
    assertThat(chromium.find("#identifier").getAttribute("value")).isEmpty();
  }

  @Test
  void signOutThenSignInAgainWithNoCode() {
    submitPassword(DemoSeed.ADA, DemoSeed.PASSWORD);
    chromium.awaitPage("verify");
    typeCode(app.lastCode(DemoSeed.ADA));
    chromium.awaitPage("signed-in");
    chromium.find("#sign-out").click();
    chromium.awaitPage("sign-in");
    assertThat(chromium.find("#info").getText()).contains("needs no code");
    int sent = app.fake.outbox().size();
    chromium.find("#identifier").clear();
    chromium.find("#identifier").sendKeys(DemoSeed.ADA);
    chromium.find("#password").sendKeys(DemoSeed.PASSWORD);
    chromium.find("#continue").click();
    chromium.awaitPage("signed-in");
    assertThat(app.fake.outbox()).hasSize(sent);
  }

  @Test
  void aDoubleClickedSubmitSendsOneStep() {
    chromium.open(app.base.toString());
    chromium.awaitPage("sign-in");
    chromium.find("#identifier").sendKeys(DemoSeed.ADA);
    chromium.find("#password").sendKeys(DemoSeed.PASSWORD);
    new Actions(chromium.driver).doubleClick(chromium.find("#continue")).perform();
    chromium.awaitPage("verify");
    assertThat(codes("#errors [data-code]")).isEmpty();
    assertThat(app.fake.outbox(DemoSeed.ADA)).hasSize(1);
  }
}
