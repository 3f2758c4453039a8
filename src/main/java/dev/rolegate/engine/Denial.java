package dev.rolegate.engine;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Why a check is denied, for people (issue 13 item 4): the decision's reason, what the engine
 * knows of the subject, the name it does not know, and for each missing permission which roles
 * would bring it and which of the subject's own assignments would, were they in force. Built by
 * {@link Snapshot#whyNot}; an allowed check gives reason {@link Reason#ALLOWED} and nothing else.
 *
 * @param reason  the decision's reason, as {@link Snapshot#check} gives it
 * @param subject the subject's status in the account
 * @param unknown for {@link Reason#UNKNOWN_OPERATION} and {@link Reason#UNKNOWN_PERMISSION}: the
 *                name the catalog does not have; else empty
 * @param missing for {@link Reason#MISSING_PERMISSION}: each required permission not held,
 *                sorted by name (the decision's {@link Decision#missing()}); else empty
 */
public record Denial(Reason reason, SubjectStatus subject, String unknown, List<Missing> missing) {

    public Denial {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(unknown, "unknown");
        missing = List.copyOf(missing);
    }

    /** The subject as the snapshot has it. The wire form is {@link #code()}. */
    public enum SubjectStatus {
        ACTIVE, DISABLED, UNKNOWN;

        /** {@code active}, {@code disabled} or {@code unknown}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One permission the subject lacks.
     *
     * @param permission the permission name
     * @param grantedBy  every role of the account that carries it (own grants or inherited), sorted
     * @param notInForce paths the subject's own assignments would give it, but whose assignment is
     *                   not in force now (expired, or not yet valid); each path's validity says when
     */
    public record Missing(String permission, List<String> grantedBy, List<AccessPaths.Path> notInForce) {
        public Missing {
            Objects.requireNonNull(permission, "permission");
            grantedBy = List.copyOf(grantedBy);
            notInForce = List.copyOf(notInForce);
        }
    }
}
