package dev.rolegate.engine;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one check: allowed or denied, why, and (for a denial for missing permissions)
 * which required permissions the subject lacks, sorted by name.
 *
 * <p>{@link #ALLOW} is shared, so an allowed check allocates nothing.
 *
 * @param allowed whether the subject may perform the target
 * @param reason  {@link Reason#ALLOWED} iff {@code allowed}
 * @param missing for {@link Reason#MISSING_PERMISSION}: the required permissions not held; else empty
 */
public record Decision(boolean allowed, Reason reason, List<String> missing) {

    public static final Decision ALLOW = new Decision(true, Reason.ALLOWED, List.of());

    public Decision {
        Objects.requireNonNull(reason, "reason");
        missing = List.copyOf(missing);
        if (allowed != (reason == Reason.ALLOWED)) {
            throw new IllegalArgumentException("allowed must agree with reason " + reason);
        }
    }

    /** A denial with no missing list (unknown subject, operation, permission or disabled user). */
    public static Decision deny(Reason reason) {
        return new Decision(false, reason, List.of());
    }

    /** A denial for missing permissions. */
    public static Decision missing(List<String> missing) {
        return new Decision(false, Reason.MISSING_PERMISSION, missing);
    }
}
