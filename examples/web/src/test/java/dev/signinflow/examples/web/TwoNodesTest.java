package dev.signinflow.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.store.redis.RealRedis;
import dev.signinflow.store.redis.RedisServer;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.WebConnectionWrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.Disposable;

/**
 * Two nodes of the app — two Spring contexts in this JVM on two loopback ports, as two servers
 * behind a load balancer would be — on one {@code redis-server} and one emulator, with {@code
 * signinflow.store.type=redis} and no HTTP session: a flow started on one node goes on on the
 * other. The browser keeps one set of cookies for both (cookies do not tell ports apart), as it
 * would for one site behind a balancer.
 */
@RealRedis
class TwoNodesTest {
  private static final String ADA = DemoSeed.ADA;
  private static final String PW = DemoSeed.PASSWORD;

  private static RedisServer redis;
  private static FakeClerk fake;
  private static FakeFapiServer fapi;
  private static Node a;
  private static Node b;
  private static Chromium chromium;
  private String name;

  /** One node of the app. */
  record Node(ConfigurableApplicationContext context, URI base) {
    /**
     * Waits for the node's Lettuce connection to be up again after Redis restarted: on Lettuce's
     * own event (the connection activated), not by polling.
     */
    void awaitRedis() {
      @SuppressWarnings("unchecked")
      StatefulRedisConnection<String, String> c = context.getBean(StatefulRedisConnection.class);
      RedisClient client = context.getBean(RedisClient.class);
      CompletableFuture<Void> activated = new CompletableFuture<>();
      Disposable events =
          client
              .getResources()
              .eventBus()
              .get()
              .filter(e -> e instanceof ConnectionActivatedEvent)
              .subscribe(e -> activated.complete(null));
      try {
        if (!c.isOpen()) {
          activated.get(60, TimeUnit.SECONDS);
        }
        assertThat(c.sync().ping()).isEqualTo("PONG");
      } catch (TimeoutException e) {
        throw new AssertionError("the node did not reconnect to Redis within 60 s", e);
      } catch (ExecutionException e) {
        throw new AssertionError(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      } finally {
        events.dispose();
      }
    }
  }

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    fake = FakeClerk.builder().clock(FakeClock.standard()).random(new Random(11)).build();
    DemoSeed.plant(fake);
    fapi = FakeFapiServer.start(fake, 0);
    a = node();
    b = node();
  }

  private static Node node() {
    byte[] key = Arrays.copyOf("two-nodes-test-key".getBytes(StandardCharsets.UTF_8), 32);
    key[31] = 7;
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(WebApp.class)
            .initializers(
                c -> c.getBeanFactory().registerSingleton("testClock", (Clock) fake.clock()))
            .run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--signinflow.clerk.frontend-api-url=" + fapi.baseUrl(),
                "--signinflow.store.type=redis",
                "--signinflow.store.redis.uri=" + redis.uri(),
                "--signinflow.store.redis.key-prefix=web:",
                "--signinflow.store.redis.keyring.keys.k1="
                    + Base64.getEncoder().encodeToString(key),
                "--logging.level.root=WARN",
                "--logging.level.io.lettuce=ERROR");
    String port = context.getEnvironment().getProperty("local.server.port");
    return new Node(context, URI.create("http://127.0.0.1:" + port + "/"));
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    for (Node n : new Node[] {a, b}) {
      if (n != null) {
        n.context().close();
      }
    }
    if (fapi != null) {
      fapi.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void fresh(TestInfo info) {
    fake.reset();
    fake.clearFaults();
    DemoSeed.plant(fake);
    name = info.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void screenshot() {
    if (chromium != null) {
      chromium.screenshot("two-nodes-" + name);
    }
  }

  private static Chromium chromium() {
    assumeTrue(
        Chromium.installed(),
        "Skipping the browser tests: /usr/bin/chromium or /usr/bin/chromedriver is not installed"
            + " (apt-get install chromium chromium-driver).");
    if (chromium == null) {
      chromium = new Chromium();
    }
    chromium.forgetEverything();
    return chromium;
  }

  private static void typeCode(Chromium c, String code) {
    WebElement input = c.find("#code");
    input.clear();
    input.sendKeys(code);
    c.find("#verify").click();
  }

  private static List<String> codes(Chromium c, String css) {
    return c.driver.findElements(By.cssSelector(css)).stream()
        .map(e -> e.getAttribute("data-code"))
        .toList();
  }

  private static String wrong(String right) {
    return right.equals("000000") ? "111111" : "000000";
  }

  @Test
  void passwordOnACodeOnBNewCodeOnASignedInOnB() {
    Chromium c = chromium();
    c.open(a.base().toString());
    c.awaitPage("sign-in");
    c.find("#identifier").sendKeys(ADA);
    c.find("#password").sendKeys(PW);
    c.find("#continue").click();
    c.awaitPage("verify");
    String first = fake.lastCodeSentTo(ADA).orElseThrow();

    // Node B loads the flow node A started, from Redis.
    c.open(b.base().toString());
    c.awaitPage("verify");
    assertThat(c.find("h1").getText()).isEqualTo("Verify your device");
    typeCode(c, wrong(first));
    c.awaitPage("verify");
    assertThat(codes(c, "#code-error [data-code]")).containsExactly("form_code_incorrect");

    // "I need a new code" on node A, once the cooldown has passed.
    fake.clock().advance(Duration.ofSeconds(31));
    c.open(a.base().toString());
    c.awaitPage("verify");
    c.find("#resend").click();
    c.awaitPage("verify");
    assertThat(c.find("#info").getText()).isEqualTo("A new code is on its way.");
    String second = fake.lastCodeSentTo(ADA).orElseThrow();
    assertThat(fake.outbox(ADA)).hasSize(2);

    // The new code on node B signs in (the script presses "Continue").
    c.open(b.base().toString());
    c.awaitPage("verify");
    typeCode(c, second);
    c.awaitPage("signed-in");
    assertThat(c.find("#session-status").getText()).isEqualTo("active");
    String session = c.find("#session-id").getText();

    // Node A shows the same session.
    c.open(a.base().toString());
    c.awaitPage("signed-in");
    assertThat(c.find("#session-id").getText()).isEqualTo(session);
  }

  @Test
  void aRedisRestartMidFlowShowsStartAgainNeverAnErrorPage() {
    Chromium c = chromium();
    c.open(a.base().toString());
    c.awaitPage("sign-in");
    c.find("#identifier").sendKeys(ADA);
    c.find("#password").sendKeys(PW);
    c.find("#continue").click();
    c.awaitPage("verify");
    String code = fake.lastCodeSentTo(ADA).orElseThrow();

    // Redis goes down: the code's step cannot reach the flow; the page says so, typed.
    redis.kill();
    typeCode(c, code);
    c.awaitPage("unavailable");
    assertThat(c.find("h1").getText()).isEqualTo("Something went wrong on our side");
    assertThat(c.driver.getPageSource()).doesNotContain("Exception").doesNotContain("at dev.");

    // Redis comes back empty: the flow is gone, and the page says to start again.
    redis.restartEmpty();
    a.awaitRedis();
    b.awaitRedis();
    c.open(b.base().toString());
    c.awaitPage("sign-in");
    assertThat(codes(c, "#errors [data-code]")).containsExactly("flow_not_found");
    assertThat(c.find("#errors").getText()).contains("Please start again");
    c.screenshot("two-nodes-start-again");

    // Starting again works, on either node.
    c.find("#identifier").sendKeys(ADA);
    c.find("#password").sendKeys(PW);
    c.find("#continue").click();
    c.awaitPage("verify");
    c.open(a.base().toString());
    c.awaitPage("verify");
    typeCode(c, fake.lastCodeSentTo(ADA).orElseThrow());
    c.awaitPage("signed-in");
  }

  @Test
  void withoutJavaScriptBehindABalancerThatAlternatesEveryRequest() throws IOException {
    try (NoScriptBrowser browser = new NoScriptBrowser(a.base())) {
      List<Integer> ports = new ArrayList<>();
      AtomicInteger next = new AtomicInteger();
      // The balancer: each request, redirects included, goes to the other node than the last.
      new WebConnectionWrapper(browser.client) {
        @Override
        public WebResponse getResponse(WebRequest request) throws IOException {
          URI to = next.getAndIncrement() % 2 == 0 ? a.base() : b.base();
          URL url = request.getUrl();
          request.setUrl(new URL(url.getProtocol(), url.getHost(), to.getPort(), url.getFile()));
          ports.add(to.getPort());
          return super.getResponse(request);
        }
      };
      browser.submitPassword(ADA, PW);
      assertThat(browser.pageKind()).isEqualTo("verify");
      String first = fake.lastCodeSentTo(ADA).orElseThrow();

      // A wrong code's error, said by one node, is shown by the other after the redirect.
      browser.type("code", wrong(first)).click("verify");
      assertThat(browser.pageKind()).isEqualTo("verify");
      assertThat(browser.fieldErrors("code")).containsExactly("form_code_incorrect");

      browser.click("resend");
      assertThat(browser.globalErrors()).containsExactly("resend_cooldown");
      fake.clock().advance(Duration.ofSeconds(31));
      browser.open();
      browser.click("resend");
      assertThat(browser.text("info")).isEqualTo("A new code is on its way.");

      browser.type("code", fake.lastCodeSentTo(ADA).orElseThrow()).click("verify");
      assertThat(browser.pageKind()).isEqualTo("finish");
      browser.click("finish");
      assertThat(browser.pageKind()).isEqualTo("signed-in");
      assertThat(browser.text("session-status")).isEqualTo("active");
      assertThat(ports).contains(a.base().getPort(), b.base().getPort());
      assertThat(ports.size()).isGreaterThan(10);
    }
  }
}
