/**
 * What an application calls: {@link dev.signinflow.engine.SignInEngine}, its {@link
 * dev.signinflow.engine.SignInFlow flows}, what a step returns and what a UI shows. The port that
 * transports implement and the stores are in {@link dev.signinflow.engine.spi}.
 *
 * <p>Nullness: nothing in this package accepts or returns {@code null}. An absent value is an
 * {@link java.util.Optional} (or an empty collection); passing {@code null} fails fast with a
 * {@link NullPointerException} that names the argument.
 *
 * <p>Secrets: passwords, codes and client tokens ({@link dev.signinflow.engine.spi.Password},
 * {@link dev.signinflow.engine.spi.VerificationCode}, {@link
 * dev.signinflow.engine.spi.ClientToken}) never show their value in {@code toString()}, exception
 * messages, snapshots or listener events.
 */
package dev.signinflow.engine;
