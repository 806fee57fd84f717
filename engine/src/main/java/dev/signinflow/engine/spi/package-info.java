/**
 * What an adapter implements: the {@link dev.signinflow.engine.spi.SignInGateway} port to Clerk's
 * Frontend API with the values it passes and returns, and the stores the engine keeps per device:
 * the {@link dev.signinflow.engine.spi.ClientTokenStore} of client tokens and the {@link
 * dev.signinflow.engine.spi.SessionTokenCache} of session JWTs. Values an application also sees
 * (sessions, factors, strategies, Clerk's errors) live in {@link dev.signinflow.engine}.
 *
 * <p>Nullness: nothing in this package accepts or returns {@code null}. An absent value is an
 * {@link java.util.Optional} (or an empty collection); passing {@code null} fails fast with a
 * {@link NullPointerException} that names the argument.
 *
 * <p>Secrets: {@link dev.signinflow.engine.spi.Password}, {@link
 * dev.signinflow.engine.spi.VerificationCode}, {@link dev.signinflow.engine.spi.ClientToken} and
 * {@link dev.signinflow.engine.spi.SessionToken} never show their value in {@code toString()} or
 * exception messages.
 */
package dev.signinflow.engine.spi;
