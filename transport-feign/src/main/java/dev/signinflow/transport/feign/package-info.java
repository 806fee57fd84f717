/**
 * Clerk's Frontend API over HTTP with OpenFeign: {@link
 * dev.signinflow.transport.feign.FeignSignInGateway} is the one public type; the Feign interface,
 * the wire records and the logger are package-private.
 *
 * <p>Nullness: nothing in this package accepts or returns {@code null}.
 */
package dev.signinflow.transport.feign;
