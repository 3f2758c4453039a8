package dev.rolegate.sso.saml;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An {@link AssertionReplayGuard} in one process's memory, for tests and single-instance
 * development. It does not protect a service with more than one replica: there, use the
 * PostgreSQL-backed guard.
 *
 * <p>Thread-safe. Expired entries are dropped on each call, judged by the injected clock.
 */
public final class InMemoryReplayGuard implements AssertionReplayGuard {

    private final ConcurrentMap<String, Instant> seen = new ConcurrentHashMap<>();
    private final Clock clock;

    /** @param clock the clock that decides when an entry may be forgotten */
    public InMemoryReplayGuard(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean firstUse(String assertionId, Instant notOnOrAfter) {
        Objects.requireNonNull(assertionId, "assertionId");
        Objects.requireNonNull(notOnOrAfter, "notOnOrAfter");
        Instant now = clock.instant();
        seen.values().removeIf(until -> !now.isBefore(until));
        return seen.putIfAbsent(assertionId, notOnOrAfter) == null;
    }

    /** Number of IDs currently remembered (for tests). */
    public int size() {
        return seen.size();
    }
}
