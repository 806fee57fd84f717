package dev.signinflow.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.transport.feign.FeignSignInGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** With no Clerk instance configured, the app runs against its own emulator with the demo users. */
class EmulatorModeTest {
  @Test
  void startsItsEmulatorAndSignsInWithTheDemoInbox() throws Exception {
    try (ConfigurableApplicationContext ctx =
        new SpringApplicationBuilder(WebApp.class)
            .run(
                "--server.port=0",
                "--logging.level.root=WARN",
                // a busy test machine may take a while to answer; the check itself is bounded
                "--signinflow.health.timeout=30s")) {
      FakeFapiServer emulator = ctx.getBean(FakeFapiServer.class);
      assertThat(ctx.getBean(SignInGateway.class))
          .isInstanceOfSatisfying(
              FeignSignInGateway.class,
              g -> assertThat(g.frontendApi()).isEqualTo(emulator.baseUrl()));
      URI base =
          URI.create(
              "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port") + "/");
      try (NoScriptBrowser b = new NoScriptBrowser(base)) {
        b.submitPassword(DemoSeed.ADA, DemoSeed.PASSWORD);
        assertThat(b.pageKind()).isEqualTo("verify");
        String inbox = b.client.getPage(base + "demo/inbox").getWebResponse().getContentAsString();
        String code = emulator.fake().lastCodeSentTo(DemoSeed.ADA).orElseThrow();
        assertThat(inbox).contains(code);
        b.open();
        b.type("code", code).click("verify");
        assertThat(b.pageKind()).isEqualTo("finish");
      }
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(base.resolve("/actuator/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).contains("\"status\":\"UP\"");
    }
  }

  @Test
  void theInboxIsNotThereAgainstARealInstance() throws Exception {
    TestApp app = TestApp.get();
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(app.base.resolve("/demo/inbox"))
                    .header("Accept", "text/html")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(404);
  }
}
