/**
 * The pure decision engine: compiles one account at one revision into an immutable
 * {@link dev.rolegate.engine.Snapshot} and decides checks on it.
 *
 * <p>Imports {@code java.*} and this package only: no Quarkus, JPA, Jackson or HTTP types, no I/O.
 * Everything here is immutable and safe to share between threads. Time always comes in as an
 * argument ({@link java.time.Instant}); the engine never reads a clock.
 */
package dev.rolegate.engine;
