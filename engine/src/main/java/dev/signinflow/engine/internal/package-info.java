/**
 * The engine's implementation: the Spring Statemachine configuration and everything around it. Not
 * an API: any type here may change in any release. Spring Statemachine types appear in this package
 * and nowhere else.
 *
 * <p>Nullness: as in {@code dev.signinflow.engine}, except where a field or parameter says it may
 * be {@code null} (used in {@link dev.signinflow.engine.internal.FlowData} to keep idle flows
 * small).
 */
package dev.signinflow.engine.internal;
