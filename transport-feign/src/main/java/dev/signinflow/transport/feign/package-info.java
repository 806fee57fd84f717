/**
 * Clerk's Frontend API over HTTP with OpenFeign: {@link
 * dev.signinflow.transport.feign.FeignSignInGateway} is the one public type. The Feign interface,
 * its encoder, decoders, retryer, logger and target, the JDK client and the wire records are
 * package-private.
 *
 * <p>Nullness: nothing in this package accepts or returns {@code null}, except where Feign's own
 * interfaces say so (a form field left out, a decoder's empty body).
 */
package dev.signinflow.transport.feign;
