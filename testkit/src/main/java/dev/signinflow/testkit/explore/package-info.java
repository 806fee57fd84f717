/**
 * The transition explorer: runs every short sequence of user events, clock moves and email-link
 * clicks through the real {@link dev.signinflow.engine.SignInEngine} against a fresh {@link
 * dev.signinflow.transport.fake.FakeClerk}, over a matrix of instance settings, user profiles,
 * device histories and injected faults, and checks invariants after every step.
 *
 * <p>Start with {@link dev.signinflow.testkit.explore.TransitionExplorer#builder()}. A failing
 * sequence is shrunk and written as a JSON fixture that {@link
 * dev.signinflow.testkit.explore.FixtureReplay} replays exactly.
 *
 * <p>Nullness: nothing in this package accepts or returns {@code null} unless its Javadoc says so.
 */
package dev.signinflow.testkit.explore;
