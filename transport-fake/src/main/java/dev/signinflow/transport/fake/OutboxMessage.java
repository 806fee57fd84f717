package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A code or link the fake "sent": what a real instance would have emailed or texted.
 *
 * @param to the email address or phone number it went to
 * @param strategy {@code email_code}, {@code phone_code} or {@code email_link}
 * @param signInId the sign-in it belongs to
 * @param code the code, for code strategies
 * @param linkToken the link's token, for {@code email_link}; {@link FakeClerk#visitEmailLink}
 *     completes it
 * @param sentAt when it was sent, by the fake's clock
 */
public record OutboxMessage(
    String to,
    String strategy,
    String signInId,
    Optional<String> code,
    Optional<String> linkToken,
    Instant sentAt) {
  public OutboxMessage {
    requireNonNull(to, "to");
    requireNonNull(strategy, "strategy");
    requireNonNull(signInId, "signInId");
    requireNonNull(code, "code");
    requireNonNull(linkToken, "linkToken");
    requireNonNull(sentAt, "sentAt");
  }

  @Override
  public String toString() {
    // The outbox is the fake's, not a user's: codes are test data. Still, keep them off log lines.
    return "OutboxMessage[" + strategy + " to " + to + " for " + signInId + " at " + sentAt + "]";
  }
}
