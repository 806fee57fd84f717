package dev.signinflow.transport.fake;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * What the fake "sent": its newest {@link FakeClerk#OUTBOX_KEPT} messages, and how many codes and
 * links it has prepared, those for test identities (which are sent nothing) included.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class Outbox {
  private final Deque<OutboxMessage> messages = new ArrayDeque<>();
  private int prepared;

  /** Counts a prepared code or link, and keeps its message when it was sent. */
  void prepared(OutboxMessage message, boolean sent) {
    if (sent) {
      messages.addLast(message);
      if (messages.size() > FakeClerk.OUTBOX_KEPT) {
        messages.pollFirst();
      }
    }
    prepared++;
  }

  /** How many codes and links were prepared since the fake was built. */
  int preparedCount() {
    return prepared;
  }

  /** Every message kept, oldest first. */
  List<OutboxMessage> all() {
    return List.copyOf(messages);
  }

  /** The messages kept that went to this email address or phone number, oldest first. */
  List<OutboxMessage> to(String to) {
    String key = Identifiers.normalize(to);
    return messages.stream().filter(m -> Identifiers.normalize(m.to()).equals(key)).toList();
  }

  /** The last code sent to this email address or phone number, if any is kept. */
  Optional<String> lastCodeTo(String to) {
    List<OutboxMessage> sent = to(to);
    for (int i = sent.size() - 1; i >= 0; i--) {
      if (sent.get(i).code().isPresent()) {
        return sent.get(i).code();
      }
    }
    return Optional.empty();
  }

  int size() {
    return messages.size();
  }

  /** Forgets the messages; the count of prepared ones stays. */
  void clear() {
    messages.clear();
  }
}
