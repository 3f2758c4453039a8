package dev.rolegate.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * The half-open interval {@code [from, until)} in which an assignment is in force.
 * {@link #ALWAYS} stands for "no validFrom, no expiresAt"; the engine never uses null for it.
 *
 * @param from  first instant in force (inclusive); {@link Instant#MIN} for "since ever"
 * @param until first instant no longer in force (exclusive); {@link Instant#MAX} for "never expires"
 */
public record Validity(Instant from, Instant until) {

    public static final Validity ALWAYS = new Validity(Instant.MIN, Instant.MAX);

    /** @throws IllegalArgumentException when {@code until} is not after {@code from} */
    public Validity {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("expiresAt must be after validFrom");
        }
    }

    /** True when the interval is unbounded on both sides. */
    public boolean isAlways() {
        return from.equals(Instant.MIN) && until.equals(Instant.MAX);
    }

    /** True when {@code now} lies in {@code [from, until)}. */
    public boolean covers(Instant now) {
        return !now.isBefore(from) && now.isBefore(until);
    }
}
