package dev.signinflow.emulator;

import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeUser;
import java.util.List;

/**
 * The demo's users, as {@code signin demo} and {@code signin emulator --seed demo} plant them (and
 * {@code docs/emulator.md} lists them).
 */
public final class DemoSeed {
  /** The password of every demo user. */
  public static final String PASSWORD = "correct horse battery staple";

  /** Ada: verified email and phone, no MFA — a new device gets Client Trust by email code. */
  public static final String ADA = "ada@example.com";

  /**
   * Ada's phone number (a test number: code 424242 and no outbox message while test ids are on).
   */
  public static final String ADA_PHONE = "+15555550100";

  /** Grace: TOTP MFA and backup codes. */
  public static final String GRACE = "grace@example.com";

  /** Grace's TOTP secret (base32), printed at start so an authenticator app can be set up. */
  public static final String GRACE_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

  /** Grace's backup codes. */
  public static final List<String> GRACE_BACKUP_CODES =
      List.of("k7p2m9x4", "q3w8e5r1", "z6y1t4u8", "a9s2d7f3", "h5j8k2l6");

  /**
   * A phone-only user, for an SMS-only instance: Client Trust by SMS code. A test number: with test
   * identities on (the default) its code is {@link FakeClerk#TEST_CODE} and nothing is sent.
   */
  public static final String SMS_USER = "+15555550123";

  private DemoSeed() {}

  /** Adds the demo users to a fake. */
  public static void plant(FakeClerk fake) {
    fake.addUser(FakeUser.withEmail(ADA).phone(ADA_PHONE).password(PASSWORD).firstName("Ada"));
    fake.addUser(
        FakeUser.withEmail(GRACE)
            .password(PASSWORD)
            .totp(GRACE_TOTP_SECRET)
            .backupCodes(GRACE_BACKUP_CODES)
            .firstName("Grace"));
    fake.addUser(FakeUser.withPhone(SMS_USER).password(PASSWORD).firstName("Sam"));
  }
}
