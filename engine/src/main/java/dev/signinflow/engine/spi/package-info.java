/**
 * What an adapter implements: the {@link dev.signinflow.engine.spi.SignInGateway} port to Clerk's
 * Frontend API with the values it passes and returns, and the {@link
 * dev.signinflow.engine.spi.ClientTokenStore} that keeps each device's client token. Values an
 * application also sees (sessions, factors, strategies, Clerk's errors) live in {@link
 * dev.signinflow.engine}.
 *
 * <p>Nullness: nothing in this package accepts or returns {@code null}. An absent value is an
 * {@link java.util.Optional} (or an empty collection); passing {@code null} fails fast with a
 * {@link NullPointerException} that names the argument.
 *
 * <p>Secrets: {@link dev.signinflow.engine.spi.Password}, {@link
 * dev.signinflow.engine.spi.VerificationCode} and {@link dev.signinflow.engine.spi.ClientToken}
 * never show their value in {@code toString()} or exception messages.
 */
package dev.signinflow.engine.spi;
