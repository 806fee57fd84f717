package dev.signinflow.transport.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.SignInFlow;
import org.junit.jupiter.api.Test;

/**
 * {@link FakeClerk#reset()} and {@link FakeClerk#stateDigest()}: a reset leaves the state of a new
 * fake, and the digest, which the explorer tells states apart by, changes with each part of it.
 */
class FakeClerkResetTest {
  private static final String ADA = "ada@example.com";

  /** A fake with a user, a client, a sign-in waiting on a code, a session, sends and a fault. */
  private static FlowFixture busy() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA).password(FlowFixture.PASSWORD));
    SignInFlow laptop = f.newFlow("laptop");
    laptop.submitPassword(ADA, FlowFixture.PASSWORD);
    laptop.verifyCode(f.lastCode(ADA));
    f.newFlow("phone").submitPassword(ADA, FlowFixture.PASSWORD);
    f.fake.injectFault(FapiOperation.GET_CLIENT, Fault.serverError(503), FaultTrigger.always());
    return f;
  }

  private static String freshDigestAt(FlowFixture f) {
    FakeClerk fresh = FakeClerk.builder().clock(FakeClock.at(f.now())).build();
    return fresh.stateDigest();
  }

  @Test
  void resetLeavesTheStateOfANewFake() {
    FlowFixture f = busy();
    assertThat(f.fake.stateDigest()).isNotEqualTo(freshDigestAt(f));

    f.fake.reset();

    assertThat(f.fake.stateDigest()).isEqualTo(freshDigestAt(f));
    assertThat(f.fake.users()).isEmpty();
    assertThat(f.fake.outbox()).isEmpty();
    assertThat(f.fake.userId(ADA)).isEmpty();
  }

  @Test
  void usersListsEachUserAdded() {
    FakeClerk fake = FakeClerk.create();
    FakeUser ada = FakeUser.withEmail(ADA).password(FlowFixture.PASSWORD);
    FakeUser bob = FakeUser.withUsername("bob").password(FlowFixture.PASSWORD);
    fake.addUser(ada);
    fake.addUser(bob);

    assertThat(fake.users())
        .extracting(u -> u.email().or(u::username).orElseThrow())
        .containsExactly(ADA, "bob");
  }

  @Test
  void theDigestChangesWithEachPartOfTheState() {
    FlowFixture f = FlowFixture.standard();
    String empty = f.fake.stateDigest();

    f.addUser(FakeUser.withEmail(ADA).password(FlowFixture.PASSWORD));
    String withUser = f.fake.stateDigest();
    assertThat(withUser).as("a user").isNotEqualTo(empty).contains("user ");

    SignInFlow laptop = f.newFlow("laptop");
    laptop.submitPassword(ADA, FlowFixture.PASSWORD);
    String waiting = f.fake.stateDigest();
    assertThat(waiting)
        .as("a client, a sign-in, a send and a rate window")
        .contains("client ", "sign_in ", "outbox 1", "rate ");

    laptop.verifyCode(f.lastCode(ADA));
    String signedIn = f.fake.stateDigest();
    assertThat(signedIn).as("a session").isNotEqualTo(waiting).contains("session ");
    String userId = f.fake.userId(ADA).orElseThrow();
    assertThat(signedIn).as("the device now known to the user").contains("known_to=[" + userId);

    f.fake.injectFault(FapiOperation.GET_CLIENT, Fault.serverError(503), FaultTrigger.times(2));
    String armed = f.fake.stateDigest();
    assertThat(armed).as("an armed fault").isNotEqualTo(signedIn).contains("fault ", "left=2");

    f.fake.clearFaults();
    assertThat(f.fake.stateDigest()).as("no fault once cleared").isEqualTo(signedIn);
  }

  @Test
  void theDigestSaysWhetherAVerificationHoldsACodeAndWhetherTheClientIsTrusted() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA).password(FlowFixture.PASSWORD));

    f.newFlow("laptop").submitPassword(ADA, FlowFixture.PASSWORD);

    assertThat(f.fake.stateDigest())
        .contains("trust=new")
        .contains("/code")
        .doesNotContain("trust=null");
  }
}
