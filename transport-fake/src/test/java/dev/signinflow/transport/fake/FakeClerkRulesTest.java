package dev.signinflow.transport.fake;

import static dev.signinflow.transport.fake.Device.clientOf;
import static dev.signinflow.transport.fake.Device.firstError;
import static dev.signinflow.transport.fake.Device.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.transport.fake.FakeClerk.LinkVisit;
import dev.signinflow.transport.fake.Views.FactorView;
import dev.signinflow.transport.fake.Views.SessionView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The emulator model of {@code fapi-protocol.md} §6.4, rule by rule, against {@link FakeClerk}'s
 * operations; plus sign-in replacement (§2, §5.2), email links (§6.2) and identifier enumeration
 * protection.
 */
class FakeClerkRulesTest {
  private static final String JANE = "jane@example.com";
  private static final String PASSWORD = "correct horse battery staple";
  private static final String TOTP_SECRET = "JBSWY3DPEHPK3PXP";

  private FakeClerk fake = FakeClerk.create();
  private Device device = Device.fresh(fake);

  private void use(FakeSettings settings) {
    fake = FakeClerk.builder().settings(settings).build();
    device = Device.fresh(fake);
  }

  private String addJane() {
    return fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
  }

  /** Jane on a new device, right password: a sign-in waiting for Client Trust. */
  private String janeNeedsClientTrust() {
    addJane();
    return signIn(device.signIn(JANE, PASSWORD)).id();
  }

  private String codeSentToJane() {
    return fake.lastCodeSentTo(JANE).orElseThrow();
  }

  @Nested
  class MfaWinsOverClientTrust {
    @Test
    void aUserWithTotpOnANewDeviceGetsNeedsSecondFactorWithTheMfaFactors() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD).totp(TOTP_SECRET));

      FapiResponse r = device.signIn(JANE, PASSWORD);

      assertThat(signIn(r).status()).isEqualTo("needs_second_factor");
      assertThat(signIn(r).supportedSecondFactors())
          .extracting(FactorView::strategy)
          .containsExactly("totp");
    }

    @Test
    void aUserWithMfaIsSentNoClientTrustCode() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD).totp(TOTP_SECRET));

      device.signIn(JANE, PASSWORD);

      assertThat(fake.outbox()).isEmpty();
    }
  }

  @Nested
  class ClientTrustOnlyOnANewDeviceWithTheRightPassword {
    @Test
    void aRightPasswordOnANewDeviceNeedsClientTrust() {
      addJane();

      FapiResponse r = device.signIn(JANE, PASSWORD);

      assertThat(r.status()).isEqualTo(200);
      assertThat(signIn(r).status()).isEqualTo("needs_client_trust");
      assertThat(signIn(r).clientTrustState()).isEqualTo("new");
      assertThat(signIn(r).createdSessionId()).isNull();
      assertThat(signIn(r).secondFactorVerification()).isNull();
    }

    @Test
    void aRightPasswordOnAKnownDeviceCompletesWithoutChallenge() {
      String id = janeNeedsClientTrust();
      device.prepare(id, "email_code");
      String session =
          signIn(device.attempt(id, "email_code", codeSentToJane())).createdSessionId();
      device.remove(session);

      FapiResponse again = device.signIn(JANE, PASSWORD);

      assertThat(signIn(again).status()).isEqualTo("complete");
      assertThat(signIn(again).clientTrustState()).isEqualTo("known");
    }
  }

  @Nested
  class WrongPassword {
    @Test
    void isRefusedWithFormPasswordIncorrectOnThePasswordParam() {
      addJane();

      FapiResponse r = device.signIn(JANE, "wrong");

      assertThat(r.status()).isEqualTo(422);
      assertThat(firstError(r).code()).isEqualTo("form_password_incorrect");
      assertThat(firstError(r).meta()).containsEntry("param_name", "password");
    }

    @Test
    void startsNoChallenge() {
      addJane();

      FapiResponse r = device.signIn(JANE, "wrong");

      assertThat(r.body()).isEmpty();
      assertThat(clientOf(device.client()).signIn()).isNull();
      assertThat(fake.outbox()).isEmpty();
    }
  }

  @Nested
  class PrepareRequiresASecondStep {
    @Test
    void prepareOnACompleteSignInIsAnInvalidStrategy() {
      String id = janeNeedsClientTrust();
      device.prepare(id, "email_code");
      device.attempt(id, "email_code", codeSentToJane());
      fake.clock().advance(Duration.ofSeconds(30));

      FapiResponse r = device.prepare(id, "email_code");

      assertThat(r.status()).isEqualTo(400);
      assertThat(firstError(r).code()).isEqualTo("verification_strategy_invalid");
      assertThat(firstError(r).meta()).containsEntry("param_name", "strategy");
    }

    @Test
    void prepareInNeedsClientTrustSendsACodeAndKeepsTheStatus() {
      String id = janeNeedsClientTrust();

      FapiResponse r = device.prepare(id, "email_code");

      assertThat(signIn(r).status()).isEqualTo("needs_client_trust");
      assertThat(signIn(r).secondFactorVerification().status()).isEqualTo("unverified");
      assertThat(fake.outbox(JANE)).hasSize(1);
    }

    @Test
    void prepareInNeedsSecondFactorSendsACode() {
      fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD).withEmailSecondFactor());
      String id = signIn(device.signIn(JANE, PASSWORD)).id();

      FapiResponse r = device.prepare(id, "email_code");

      assertThat(signIn(r).status()).isEqualTo("needs_second_factor");
      assertThat(fake.outbox(JANE)).hasSize(1);
    }
  }

  @Nested
  class AttemptBeforePrepare {
    @Test
    void isRefusedWithVerificationMissing() {
      String id = janeNeedsClientTrust();

      FapiResponse r = device.attempt(id, "email_code", "123456");

      assertThat(r.status()).isEqualTo(400);
      assertThat(firstError(r).code()).isEqualTo("verification_missing");
    }
  }

  @Nested
  class ExpiredCode {
    @Test
    void isRefusedWithVerificationExpired() {
      String id = janeNeedsClientTrust();
      device.prepare(id, "email_code");
      fake.clock().advance(Duration.ofMinutes(10));

      FapiResponse r = device.attempt(id, "email_code", codeSentToJane());

      assertThat(r.status()).isEqualTo(400);
      assertThat(firstError(r).code()).isEqualTo("verification_expired");
    }

    @Test
    void leavesTheVerificationExpired() {
      String id = janeNeedsClientTrust();
      device.prepare(id, "email_code");
      fake.clock().advance(Duration.ofMinutes(10));
      device.attempt(id, "email_code", codeSentToJane());

      FapiResponse r = device.get(id);

      assertThat(signIn(r).secondFactorVerification().status()).isEqualTo("expired");
      assertThat(signIn(r).status()).isEqualTo("needs_client_trust");
    }

    @Test
    void aCodeStillWorksOneSecondBeforeItExpires() {
      String id = janeNeedsClientTrust();
      device.prepare(id, "email_code");
      fake.clock().advance(Duration.ofMinutes(10).minusSeconds(1));

      FapiResponse r = device.attempt(id, "email_code", codeSentToJane());

      assertThat(signIn(r).status()).isEqualTo("complete");
    }
  }

  @Nested
  class WrongCode {
    @Test
    void isRefusedWithFormCodeIncorrectOnTheCodeParam() {
      String id = janeNeedsClientTrust();
      device.prepare(id, "email_code");

      FapiResponse r = device.attempt(id, "email_code", "000000");

      assertThat(r.status()).isEqualTo(422);
      assertThat(firstError(r).code()).isEqualTo("form_code_incorrect");
      assertThat(firstError(r).meta()).containsEntry("param_name", "code");
    }

    @Test
    void countsAnAttemptOnTheVerification() {
      String id = janeNeedsClientTrust();
      device.prepare(id, "email_code");
      device.attempt(id, "email_code", "000000");

      assertThat(signIn(device.get(id)).secondFactorVerification().attempts()).isEqualTo(1);
    }
  }

  @Nested
  class AlreadyVerified {
    @Test
    void aSecondAttemptAfterSuccessIsRefusedWithVerificationAlreadyVerified() {
      String id = janeNeedsClientTrust();
      device.prepare(id, "email_code");
      String code = codeSentToJane();
      device.attempt(id, "email_code", code);

      FapiResponse r = device.attempt(id, "email_code", code);

      assertThat(r.status()).isEqualTo(400);
      assertThat(firstError(r).code()).isEqualTo("verification_already_verified");
    }
  }

  @Nested
  class CorrectCode {
    @Test
    void completesTheSignInWithACreatedSession() {
      String id = janeNeedsClientTrust();
      device.prepare(id, "email_code");

      FapiResponse r = device.attempt(id, "email_code", codeSentToJane());

      assertThat(signIn(r).status()).isEqualTo("complete");
      assertThat(signIn(r).createdSessionId()).startsWith("sess_");
      assertThat(signIn(r).secondFactorVerification().status()).isEqualTo("verified");
    }

    @Test
    void putsTheSessionInTheClientsSessions() {
      String id = janeNeedsClientTrust();
      device.prepare(id, "email_code");

      FapiResponse r = device.attempt(id, "email_code", codeSentToJane());

      assertThat(clientOf(r).sessions())
          .extracting(SessionView::id)
          .containsExactly(signIn(r).createdSessionId());
    }

    @Test
    void makesTheSessionTheClientsLastActiveOne() {
      String id = janeNeedsClientTrust();
      device.prepare(id, "email_code");

      FapiResponse r = device.attempt(id, "email_code", codeSentToJane());

      assertThat(clientOf(r).lastActiveSessionId()).isEqualTo(signIn(r).createdSessionId());
    }

    @Test
    void makesTheDeviceKnownForTheUser() {
      String userId = addJane();
      String id = signIn(device.signIn(JANE, PASSWORD)).id();
      device.prepare(id, "email_code");

      device.attempt(id, "email_code", codeSentToJane());

      assertThat(fake.isKnownDevice(userId, device.clientToken().orElseThrow())).isTrue();
    }
  }

  @Nested
  class ANewCreateReplacesTheSignIn {
    @Test
    void theClientsSignInIsTheNewOne() {
      String old = janeNeedsClientTrust();

      String current = signIn(device.signIn(JANE, PASSWORD)).id();

      assertThat(current).isNotEqualTo(old);
      assertThat(clientOf(device.client()).signIn().id()).isEqualTo(current);
    }

    @Test
    void prepareOnTheOlderSignInIsForbidden() {
      String old = janeNeedsClientTrust();
      device.signIn(JANE, PASSWORD);

      FapiResponse r = device.prepare(old, "email_code");

      assertThat(r.status()).isEqualTo(403);
      assertThat(firstError(r).code()).isEqualTo("resource_forbidden");
    }

    @Test
    void attemptOnTheOlderSignInIsForbidden() {
      String old = janeNeedsClientTrust();
      device.prepare(old, "email_code");
      String code = codeSentToJane();
      device.signIn(JANE, PASSWORD);

      FapiResponse r = device.attempt(old, "email_code", code);

      assertThat(r.status()).isEqualTo(403);
      assertThat(firstError(r).code()).isEqualTo("resource_forbidden");
    }

    @Test
    void theOlderSignInCanStillBeRead() {
      String old = janeNeedsClientTrust();
      device.signIn(JANE, PASSWORD);

      FapiResponse r = device.get(old);

      assertThat(r.status()).isEqualTo(200);
      assertThat(signIn(r).id()).isEqualTo(old);
      assertThat(signIn(r).status()).isEqualTo("needs_client_trust");
    }
  }

  @Nested
  class ReadingASignIn {
    @Test
    void anotherClientCannotReadIt() {
      String id = janeNeedsClientTrust();

      FapiResponse r = Device.fresh(fake).get(id);

      assertThat(r.status()).isEqualTo(404);
      assertThat(firstError(r).code()).isEqualTo("resource_not_found");
    }
  }

  @Nested
  class EmailLinks {
    private final String redirect = "https://app.example.com/verified";

    /** Email codes off: Client Trust offers an email link. */
    private String janeNeedsAnEmailLink() {
      use(FakeSettings.defaults().toBuilder().emailCodeEnabled(false).build());
      return janeNeedsClientTrust();
    }

    private String linkSentToJane() {
      List<OutboxMessage> sent = fake.outbox(JANE);
      return sent.get(sent.size() - 1).linkToken().orElseThrow();
    }

    @Test
    void prepareWithoutARedirectUrlIsRefused() {
      String id = janeNeedsAnEmailLink();

      FapiResponse r = device.prepareLink(id, Optional.empty());

      assertThat(r.status()).isEqualTo(422);
      assertThat(firstError(r).meta()).containsEntry("param_name", "redirect_url");
      assertThat(fake.outbox()).isEmpty();
    }

    @Test
    void prepareSendsALinkTokenAndNoCode() {
      String id = janeNeedsAnEmailLink();

      device.prepareLink(id, Optional.of(redirect));

      assertThat(fake.outbox(JANE))
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.strategy()).isEqualTo("email_link");
                assertThat(m.linkToken()).isPresent();
                assertThat(m.code()).isEmpty();
              });
    }

    @Test
    void visitingTheLinkVerifiesIt() {
      String id = janeNeedsAnEmailLink();
      device.prepareLink(id, Optional.of(redirect));

      assertThat(fake.visitEmailLink(linkSentToJane())).isEqualTo(LinkVisit.VERIFIED);
    }

    @Test
    void afterTheVisitThePolledSignInIsComplete() {
      String id = janeNeedsAnEmailLink();
      device.prepareLink(id, Optional.of(redirect));
      fake.visitEmailLink(linkSentToJane());

      FapiResponse r = device.get(id);

      assertThat(signIn(r).status()).isEqualTo("complete");
      assertThat(signIn(r).secondFactorVerification().status()).isEqualTo("verified");
      assertThat(clientOf(r).lastActiveSessionId()).isEqualTo(signIn(r).createdSessionId());
    }

    @Test
    void visitingAfterExpiryIsExpired() {
      String id = janeNeedsAnEmailLink();
      device.prepareLink(id, Optional.of(redirect));
      fake.clock().advance(Duration.ofMinutes(10));

      assertThat(fake.visitEmailLink(linkSentToJane())).isEqualTo(LinkVisit.EXPIRED);
      assertThat(signIn(device.get(id)).secondFactorVerification().status()).isEqualTo("expired");
    }

    @Test
    void anOlderLinkAfterARePrepareIsExpired() {
      String id = janeNeedsAnEmailLink();
      device.prepareLink(id, Optional.of(redirect));
      String older = linkSentToJane();
      fake.clock().advance(Duration.ofSeconds(30));
      device.prepareLink(id, Optional.of(redirect));

      assertThat(fake.visitEmailLink(older)).isEqualTo(LinkVisit.EXPIRED);
      assertThat(signIn(device.get(id)).status()).isEqualTo("needs_client_trust");
    }

    @Test
    void theNewerLinkAfterARePrepareStillVerifies() {
      String id = janeNeedsAnEmailLink();
      device.prepareLink(id, Optional.of(redirect));
      fake.clock().advance(Duration.ofSeconds(30));
      device.prepareLink(id, Optional.of(redirect));

      assertThat(fake.visitEmailLink(linkSentToJane())).isEqualTo(LinkVisit.VERIFIED);
    }

    @Test
    void theLinkOfAReplacedSignInIsExpiredAndCompletesNothing() {
      String old = janeNeedsAnEmailLink();
      device.prepareLink(old, Optional.of(redirect));
      String link = linkSentToJane();
      device.signIn(JANE, PASSWORD);

      assertThat(fake.visitEmailLink(link)).isEqualTo(LinkVisit.EXPIRED);
      assertThat(signIn(device.get(old)).status()).isEqualTo("needs_client_trust");
      assertThat(clientOf(device.client()).sessions()).isEmpty();
    }

    @Test
    void anEmailLinkCannotBeAttemptedWithACode() {
      String id = janeNeedsAnEmailLink();
      device.prepareLink(id, Optional.of(redirect));

      FapiResponse r = device.attempt(id, "email_link", "123456");

      assertThat(firstError(r).code()).isEqualTo("verification_strategy_invalid");
    }
  }

  @Nested
  class IdentifierEnumerationProtection {
    @Test
    void byDefaultAnUnknownIdentifierIsNamed() {
      FapiResponse r = device.signIn("nobody@example.com", PASSWORD);

      assertThat(r.status()).isEqualTo(422);
      assertThat(firstError(r).code()).isEqualTo("form_identifier_not_found");
      assertThat(firstError(r).meta()).containsEntry("param_name", "identifier");
    }

    @Test
    void whenOnAnUnknownIdentifierLooksLikeAWrongPassword() {
      use(FakeSettings.defaults().toBuilder().identifierEnumerationProtection(true).build());

      FapiResponse r = device.signIn("nobody@example.com", PASSWORD);

      assertThat(r.status()).isEqualTo(422);
      assertThat(firstError(r).code()).isEqualTo("form_password_or_identifier_incorrect");
    }

    @Test
    void whenOnAWrongPasswordGetsTheSameCode() {
      use(FakeSettings.defaults().toBuilder().identifierEnumerationProtection(true).build());
      addJane();

      FapiResponse r = device.signIn(JANE, "wrong");

      assertThat(firstError(r).code()).isEqualTo("form_password_or_identifier_incorrect");
    }
  }
}
