package dev.signinflow.examples.web;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.OutboxMessage;
import dev.signinflow.transport.fake.Totp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.view.RedirectView;

/**
 * {@code /demo/inbox}, only when the app runs against its in-process emulator: the codes and links
 * the emulator "sent" (a person trying the demo has no real inbox), Grace's authenticator code, and
 * a button that clicks an email link. Not found against a real Clerk instance.
 */
@Controller
final class DemoInboxController {
  private final ObjectProvider<FakeClerk> fake;

  DemoInboxController(ObjectProvider<FakeClerk> fake) {
    this.fake = fake;
  }

  /** One message as the inbox page lists it. */
  record Message(String to, String strategy, String code, String linkToken, String sentAt) {}

  @GetMapping("/demo/inbox")
  String inbox(Model model) {
    FakeClerk f = emulator();
    List<Message> messages = new ArrayList<>();
    for (OutboxMessage m : f.outbox()) {
      messages.add(
          new Message(
              m.to(),
              m.strategy(),
              m.code().orElse(null),
              m.linkToken().orElse(null),
              m.sentAt().toString()));
    }
    Collections.reverse(messages);
    model.addAttribute("messages", messages.subList(0, Math.min(20, messages.size())));
    model.addAttribute("graceTotp", Totp.code(DemoSeed.GRACE_TOTP_SECRET, f.clock().instant()));
    model.addAttribute("graceBackupCodes", DemoSeed.GRACE_BACKUP_CODES);
    return "inbox";
  }

  @PostMapping("/demo/inbox/visit")
  RedirectView visit(@RequestParam(defaultValue = "") String token) {
    FakeClerk f = emulator();
    if (!token.isEmpty()) {
      f.visitEmailLink(token);
    }
    RedirectView to = new RedirectView("/demo/inbox", true);
    to.setStatusCode(HttpStatus.SEE_OTHER);
    return to;
  }

  private FakeClerk emulator() {
    FakeClerk f = fake.getIfUnique();
    if (f == null) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
    return f;
  }
}
