/**
 * The {@code signin} command: {@code demo}, {@code login} and {@code emulator}.
 *
 * <p>Nullness: nothing in this package accepts or returns {@code null} unless its Javadoc says so.
 */
package dev.signinflow.cli;
