/**
 * JMH benchmarks and load drivers behind {@code docs/performance.md}; run by hand, never in the
 * build.
 */
package dev.signinflow.benchmarks;
