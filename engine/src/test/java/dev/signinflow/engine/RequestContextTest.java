package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class RequestContextTest {

  @Test
  void anEmptyBuilderGivesNone() {
    assertThat(RequestContext.builder().build()).isSameAs(RequestContext.none());
    assertThat(RequestContext.none().isEmpty()).isTrue();
    assertThat(RequestContext.none()).hasToString("RequestContext[none]");
  }

  @Test
  void ipv4AndIpv6LiteralsAreTakenAndWrittenCanonically() {
    assertThat(RequestContext.builder().clientIp("203.0.113.7").build().clientIpText())
        .hasValue("203.0.113.7");
    assertThat(RequestContext.builder().clientIp("2001:db8::1").build().clientIpText())
        .hasValue("2001:db8:0:0:0:0:0:1");
    assertThat(RequestContext.builder().clientIp("[::1]").build().clientIpText())
        .hasValue("0:0:0:0:0:0:0:1");
  }

  @Test
  void aNameAPortAListOrGarbageIsRefusedWithoutEchoingIt() {
    for (String bad :
        new String[] {
          "example.com",
          "203.0.113.7:8080",
          "203.0.113.7, 10.0.0.1",
          "256.1.1.1",
          "",
          "fe80::1%eth0",
          "1.2.3",
          "\u001b[31m",
          "::g"
        }) {
      assertThatThrownBy(() -> RequestContext.builder().clientIp(bad), bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("not an IPv4 or IPv6 address")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad.isEmpty() ? "\0" : bad));
    }
  }

  @Test
  void theUserAgentLosesControlCharactersAndIsCutAt512() {
    RequestContext c = RequestContext.builder().userAgent("Mozilla/5.0\r\nX-Evil: 1\u0000").build();
    assertThat(c.userAgent()).hasValue("Mozilla/5.0X-Evil: 1");
    String longOne = "a".repeat(2000);
    assertThat(RequestContext.builder().userAgent(longOne).build().userAgent().orElseThrow())
        .hasSize(RequestContext.MAX_USER_AGENT_LENGTH);
    assertThat(RequestContext.builder().userAgent("  ").build()).isSameAs(RequestContext.none());
    assertThat(RequestContext.builder().userAgent(null).build()).isSameAs(RequestContext.none());
  }

  @Test
  void acceptLanguagePicksTheMostPreferredLanguageAndToleratesGarbage() {
    assertThat(
            RequestContext.builder()
                .acceptLanguage("de;q=0.5, fr-CA, *;q=0.1")
                .build()
                .languageTag())
        .hasValue("fr-CA");
    assertThat(RequestContext.builder().acceptLanguage("*, en;q=0.2").build().languageTag())
        .hasValue("en");
    for (String garbage : new String[] {"", ";;;", "q=1", "??", "x".repeat(2000)}) {
      assertThat(RequestContext.builder().acceptLanguage(garbage).build())
          .isSameAs(RequestContext.none());
    }
    assertThat(RequestContext.builder().acceptLanguage(null).build())
        .isSameAs(RequestContext.none());
  }

  @Test
  void aLanguageTagMustBeWellFormed() {
    assertThat(RequestContext.builder().languageTag("pt-BR").build().locale())
        .hasValue(Locale.forLanguageTag("pt-BR"));
    assertThatThrownBy(() -> RequestContext.builder().languageTag("not a tag"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestContext.builder().locale(Locale.ROOT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringMasksTheAddressAndShowsOnlyTheUserAgentsLength() {
    RequestContext v4 =
        RequestContext.builder()
            .clientIp("203.0.113.77")
            .userAgent("Mozilla/5.0 (secret-ish build 42)")
            .languageTag("fr-FR")
            .build();
    assertThat(v4.toString())
        .isEqualTo("RequestContext[ip=203.0.113.*, userAgent=<33 chars>, locale=fr-FR]")
        .doesNotContain("77")
        .doesNotContain("Mozilla");
    RequestContext v6 = RequestContext.builder().clientIp("2001:db8:aa:bb::7").build();
    assertThat(v6.toString()).isEqualTo("RequestContext[ip=2001:db8:aa:*]");
    assertThat(RequestContext.builder().languageTag("en").build().toString())
        .isEqualTo("RequestContext[locale=en]");
  }

  @Test
  void equalContextsAreEqual() {
    RequestContext a = RequestContext.builder().clientIp("192.0.2.1").userAgent("x").build();
    RequestContext b = RequestContext.builder().clientIp("192.0.2.1").userAgent("x").build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(RequestContext.none());
  }

  @Test
  void anAddressGivenAsAnInetAddressIsTakenAsItIs() throws Exception {
    java.net.InetAddress ip = java.net.InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 7});
    RequestContext c = RequestContext.builder().clientIp(ip).userAgent("ua").build();

    assertThat(c.clientIp()).contains(ip);
    assertThat(c.clientIpText()).contains("203.0.113.7");
  }

  @Test
  void aUserAgentAloneIsPrintedWithoutALeadingComma() {
    assertThat(RequestContext.builder().userAgent("abc").build())
        .hasToString("RequestContext[userAgent=<3 chars>]");
    assertThat(RequestContext.builder().languageTag("fr-CA").build())
        .hasToString("RequestContext[locale=fr-CA]");
  }

  @Test
  void anAcceptLanguageHeaderOfUpTo1024CharactersIsRead() {
    // 5 + 251 × 4 + 3 × 5 = 1024 characters.
    String header = "fr-CA" + ", de".repeat(251) + ", deu".repeat(3);
    assertThat(header).hasSize(1024);
    assertThat(RequestContext.builder().acceptLanguage(header.toString()).build().languageTag())
        .hasValue("fr-CA");
    assertThat(RequestContext.builder().acceptLanguage(header + " ").build())
        .isSameAs(RequestContext.none());
  }

  @Test
  void aLanguageTheBrowserRefusesWithWeightZeroIsNeverPicked() {
    assertThat(RequestContext.builder().acceptLanguage("fr;q=0").build())
        .isSameAs(RequestContext.none());
    assertThat(RequestContext.builder().acceptLanguage("fr;q=0, de;q=0.5").build().languageTag())
        .hasValue("de");
  }

  @Test
  void anAcceptLanguageOfOnlyWildcardsLeavesTheLocaleUnsetAndTheBuilderUsable() {
    RequestContext c = RequestContext.builder().acceptLanguage("*").userAgent("ua").build();

    assertThat(c.locale()).isEmpty();
    assertThat(c.userAgent()).hasValue("ua");
  }
}
