/**
 * Benchmarks of the decision engine (JMH) and of snapshot compilation, run with the Maven
 * profile {@code bench} and never by {@code mvn test}; {@code docs/benchmarks.md} has the
 * commands and the results.
 *
 * <p>Depends on {@code dev.rolegate.engine}'s public API, JMH and jCasbin only (jCasbin for the
 * comparison on the same data). Nothing in the service depends on this package.
 */
package dev.rolegate.bench;
