package dev.rolegate.testing;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Replaces the service's clock in tests: the system time unless a test pins it with
 * {@link #set}; {@link #reset} returns to the system time. Tests set the time, never sleep.
 */
@Alternative
@Priority(1)
@Singleton
public class SettableClock extends Clock {

    private volatile Instant pinned;

    public void set(Instant instant) {
        pinned = instant;
    }

    public void advance(Duration duration) {
        pinned = instant().plus(duration);
    }

    public void reset() {
        pinned = null;
    }

    @Override
    public Instant instant() {
        Instant p = pinned;
        return p != null ? p : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
