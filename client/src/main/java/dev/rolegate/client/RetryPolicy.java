package dev.rolegate.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When the client tries a call again: only after an HTTP 503 (the service could not answer now:
 * {@code database_unavailable}, {@code revision_unavailable}, a proxy with no healthy replica),
 * never after another 4xx or 5xx, a timeout or an I/O error.
 *
 * <p>The n-th retry waits {@code min(maxBackoff, initialBackoff × multiplier^(n-1))}, shortened
 * by a random fraction of up to {@code jitter} of it (so many clients do not retry in step), or,
 * when the 503 carried {@code Retry-After} (RFC 9110 §10.2.3, seconds or an HTTP date), at least
 * that long. The client gives up when {@code maxAttempts} attempts are made or when the next wait
 * would end after {@code maxElapsed} from the first attempt; it then throws the last 503 as a
 * {@link RolegateException}.
 *
 * <p>Defaults ({@link #defaults()}): 4 attempts, 100 ms initial, ×2, at most 2 s a wait, 10 s in
 * all, jitter 0.5. Immutable and thread-safe.
 */
public final class RetryPolicy {

    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final Duration maxElapsed;
    private final double jitter;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.multiplier = b.multiplier;
        this.maxElapsed = b.maxElapsed;
        this.jitter = b.jitter;
    }

    /** 4 attempts, 100 ms initial backoff, ×2, at most 2 s a wait, 10 s in all, jitter 0.5. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** One attempt: a 503 is thrown at once. */
    public static RetryPolicy none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public double multiplier() {
        return multiplier;
    }

    public Duration maxElapsed() {
        return maxElapsed;
    }

    public double jitter() {
        return jitter;
    }

    /**
     * The wait before the next attempt after a 503, or empty to give up.
     *
     * @param attemptsMade attempts made so far (1 after the first attempt)
     * @param elapsed      time since the first attempt began
     * @param retryAfter   the 503's {@code Retry-After}, if it had one
     * @param random       a uniform random number in [0, 1) that picks the jitter
     * @return the wait, or empty when {@code maxAttempts} is reached or the wait would end after
     *         {@code maxElapsed}
     */
    public Optional<Duration> delayBefore(int attemptsMade, Duration elapsed, Optional<Duration> retryAfter, double random) {
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        Duration delay = backoff(attemptsMade, random);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
            delay = retryAfter.get();
        }
        if (elapsed.plus(delay).compareTo(maxElapsed) > 0) {
            return Optional.empty();
        }
        return Optional.of(delay);
    }

    /** The jittered exponential wait before retry number {@code retry} (1 for the first retry). */
    Duration backoff(int retry, double random) {
        double nanos = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1);
        double capped = Math.min(nanos, maxBackoff.toNanos());
        return Duration.ofNanos((long) (capped * (1 - jitter * random)));
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", multiplier=" + multiplier + ", maxElapsed=" + maxElapsed + ", jitter=" + jitter + "]";
    }

    /** Builds a {@link RetryPolicy}; starts from the defaults. Not thread-safe. */
    public static final class Builder {

        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private double multiplier = 2;
        private Duration maxElapsed = Duration.ofSeconds(10);
        private double jitter = 0.5;

        private Builder() {
        }

        /** Attempts in all, the first included; at least 1 (1 means no retry). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The wait before the first retry, before jitter; not negative. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = notNegative("initialBackoff", initialBackoff);
            return this;
        }

        /** The longest wait computed by backoff (a longer {@code Retry-After} still counts); not negative. */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = notNegative("maxBackoff", maxBackoff);
            return this;
        }

        /** The factor from one wait to the next; at least 1. */
        public Builder multiplier(double multiplier) {
            if (!(multiplier >= 1)) {
                throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
            }
            this.multiplier = multiplier;
            return this;
        }

        /** No retry starts later than this after the first attempt began; not negative. */
        public Builder maxElapsed(Duration maxElapsed) {
            this.maxElapsed = notNegative("maxElapsed", maxElapsed);
            return this;
        }

        /** The largest fraction, in [0, 1], by which a wait is randomly shortened (0: none, 1: full jitter). */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("jitter must be in [0, 1], got " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        public RetryPolicy build() {
            return new RetryPolicy(this);
        }

        private static Duration notNegative(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + value);
            }
            return value;
        }
    }
}
