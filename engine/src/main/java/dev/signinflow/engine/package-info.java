/**
 * The public API of signinflow: {@link dev.signinflow.engine.SignInEngine}, its flows, and the
 * {@link dev.signinflow.engine.SignInGateway} port that transports implement.
 *
 * <p>Nullness: nothing in this package accepts or returns {@code null}. An absent value is an
 * {@link java.util.Optional} (or an empty collection); passing {@code null} fails fast with a
 * {@link NullPointerException} that names the argument.
 *
 * <p>Secrets: {@link dev.signinflow.engine.Password}, {@link
 * dev.signinflow.engine.VerificationCode} and {@link dev.signinflow.engine.ClientToken} never show
 * their value in {@code toString()}, exception messages, snapshots or listener events.
 */
package dev.signinflow.engine;
