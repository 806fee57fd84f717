package dev.signinflow.transport.fake;

import dev.signinflow.engine.SessionStatus;
import dev.signinflow.engine.VerificationStatus;
import dev.signinflow.transport.fake.Views.ClientView;
import dev.signinflow.transport.fake.Views.FactorView;
import dev.signinflow.transport.fake.Views.SessionView;
import dev.signinflow.transport.fake.Views.SignInView;
import dev.signinflow.transport.fake.Views.VerificationView;
import dev.signinflow.transport.fake.Wire.VerificationObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the fake's records into the immutable {@link Views} it answers with, writing statuses and
 * strategies by their wire names.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class RecordViews {
  /** Every sign-in here starts with a verified password. */
  private static final List<FactorView> FIRST_FACTORS =
      List.of(new FactorView(Wire.PASSWORD, null, null, null, null, false));

  private static final VerificationView PASSWORD_VERIFIED =
      new VerificationView(
          VerificationObject.PASSWORD.wireName(),
          VerificationStatus.VERIFIED.wireName(),
          Wire.PASSWORD,
          1,
          null);

  private static final Duration SESSION_EXPIRES_AFTER = Duration.ofDays(7);
  private static final Duration SESSION_ABANDONED_AFTER = Duration.ofDays(30);

  private final FakeClock clock;
  private final Users users;
  private final SignIns signIns;
  private final Sessions sessions;

  RecordViews(FakeClock clock, Users users, SignIns signIns, Sessions sessions) {
    this.clock = clock;
    this.users = users;
    this.signIns = signIns;
    this.sessions = sessions;
  }

  SignInView signIn(SignInRecord s) {
    UserRecord record = users.get(s.userId);
    FakeUser user = record.spec;
    VerificationRecord v = s.verification;
    return new SignInView(
        s.id,
        s.status.wireName(),
        record.identifierKinds,
        s.identifier,
        user.firstName().orElse(null),
        FIRST_FACTORS,
        s.secondFactors.isEmpty() ? null : s.secondFactors,
        PASSWORD_VERIFIED,
        v == null ? null : verification(v),
        s.createdSessionId,
        s.abandonAt,
        s.clientTrustState == null ? null : s.clientTrustState.wireName());
  }

  SessionView session(SessionRecord s) {
    FakeUser u = users.get(s.userId).spec;
    return new SessionView(
        s.id,
        s.status.wireName(),
        s.status == SessionStatus.PENDING ? s.tasks : List.of(),
        s.userId,
        u.email().or(u::phone).or(u::username).orElseThrow(),
        identifiers(u),
        u.firstName().orElse(null),
        s.lastActiveAt,
        s.createdAt.plus(SESSION_EXPIRES_AFTER),
        s.createdAt.plus(SESSION_ABANDONED_AFTER),
        s.createdAt,
        s.updatedAt);
  }

  /**
   * The client with its signed-in and ended sessions and its current sign-in, unless that is
   * abandoned.
   */
  ClientView client(ClientRecord c) {
    SignInRecord signIn = c.signInId == null ? null : signIns.get(c.signInId);
    return new ClientView(
        c.id,
        sessions.listed(c).stream().map(this::session).toList(),
        signIn == null || !signIn.openAt(clock.instant()) ? null : signIn(signIn),
        c.lastActiveSessionId,
        c.createdAt,
        c.updatedAt);
  }

  /** Every identifier of the user: email address, phone number, username, those it has. */
  private static List<String> identifiers(FakeUser u) {
    List<String> all = new ArrayList<>(3);
    u.email().ifPresent(all::add);
    u.phone().ifPresent(all::add);
    u.username().ifPresent(all::add);
    return List.copyOf(all);
  }

  private static VerificationView verification(VerificationRecord v) {
    return new VerificationView(
        VerificationObject.of(v.strategy).wireName(),
        v.status.wireName(),
        v.strategy.wireName(),
        v.attempts,
        v.expireAt);
  }
}
