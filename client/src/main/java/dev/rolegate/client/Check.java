package dev.rolegate.client;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One check to ask: may {@code subject} perform an operation (or hold a permission)? Exactly one
 * of operation and permission is set. Names are compared exactly by the service; an unknown
 * subject, operation or permission is a denial with a reason, not an error.
 *
 * <p>Immutable; the {@code with...} methods return a copy.
 */
public final class Check {

    private final String subject;
    private final String operation;
    private final String permission;
    private final boolean explain;
    private final long atLeastRevision;

    private Check(String subject, String operation, String permission, boolean explain, long atLeastRevision) {
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("subject (a user id) is required");
        }
        if (atLeastRevision < 0) {
            throw new IllegalArgumentException("atLeastRevision must not be negative, got " + atLeastRevision);
        }
        this.subject = subject;
        this.operation = operation;
        this.permission = permission;
        this.explain = explain;
        this.atLeastRevision = atLeastRevision;
    }

    /** May {@code subject} (a user id) perform {@code operation} (e.g. {@code report.rename})? */
    public static Check operation(String subject, String operation) {
        return new Check(subject, Objects.requireNonNull(operation, "operation"), null, false, 0);
    }

    /** Does {@code subject} (a user id) hold {@code permission} (e.g. {@code report.edit})? */
    public static Check permission(String subject, String permission) {
        return new Check(subject, null, Objects.requireNonNull(permission, "permission"), false, 0);
    }

    /** A copy that asks for the explanation: the path that allowed, per required permission. */
    public Check withExplain() {
        return new Check(subject, operation, permission, true, atLeastRevision);
    }

    /**
     * A copy answered from data at revision {@code revision} or newer (the consistency token a
     * write returned). The client sends the larger of this and the newest revision it tracks.
     */
    public Check withAtLeastRevision(long revision) {
        return new Check(subject, operation, permission, explain, revision);
    }

    public String subject() {
        return subject;
    }

    /** The operation name, or null when this check asks about a permission. */
    public String operation() {
        return operation;
    }

    /** The permission name, or null when this check asks about an operation. */
    public String permission() {
        return permission;
    }

    public boolean explain() {
        return explain;
    }

    /** The revision given with {@link #withAtLeastRevision}, or empty. */
    public OptionalLong atLeastRevision() {
        return atLeastRevision == 0 ? OptionalLong.empty() : OptionalLong.of(atLeastRevision);
    }

    @Override
    public String toString() {
        return "Check[" + subject + " " + (operation != null ? "operation " + operation : "permission " + permission)
                + (explain ? ", explain" : "") + (atLeastRevision == 0 ? "" : ", atLeastRevision " + atLeastRevision) + "]";
    }
}
