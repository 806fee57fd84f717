/**
 * A faithful fake of Clerk's Frontend API for tests: {@link
 * dev.signinflow.transport.fake.FakeClerk} simulates the server side of password sign-in with
 * Client Trust and MFA, {@link dev.signinflow.transport.fake.FakeSignInGateway} calls it in memory.
 *
 * <p>Nullness: nothing in this package accepts or returns {@code null} unless its Javadoc says so;
 * absent values are {@link java.util.Optional} or, in the wire-shaped view records, {@code null}
 * exactly where Clerk's JSON has {@code null}.
 */
package dev.signinflow.transport.fake;
