/**
 * For users' tests: {@link dev.signinflow.testkit.FakeClerkExtension}, a JUnit 5 extension that
 * hands a test a fresh fake Clerk; the transition explorer is in {@link
 * dev.signinflow.testkit.explore}.
 *
 * <p>Nullness: nothing in this package accepts or returns {@code null}.
 */
package dev.signinflow.testkit;
