package dev.rolegate.preview;

import dev.rolegate.engine.AssigneeKind;
import java.time.Instant;
import java.util.List;

/**
 * One admin API write of a preview, parsed and syntactically valid: what {@code op} and
 * {@code path} (relative to the account) and {@code body} name, with the same arguments the
 * endpoint hands its service. Null fields are the ones the endpoint leaves null.
 */
public sealed interface PlannedWrite {

    /** {@code PUT /roles/{role}}. */
    record RolePut(String role, String description, List<String> grants, List<String> inherits) implements PlannedWrite {
    }

    /** {@code DELETE /roles/{role}[?cascade=true]}. */
    record RoleDelete(String role, boolean cascade) implements PlannedWrite {
    }

    /** {@code PUT /permissions/{permission}}. */
    record PermissionPut(String permission, String description, List<String> operations) implements PlannedWrite {
    }

    /** {@code DELETE /permissions/{permission}}. */
    record PermissionDelete(String permission) implements PlannedWrite {
    }

    /** {@code PUT /users/{user}}. */
    record UserPut(String user, String email, String displayName, String status) implements PlannedWrite {
    }

    /** {@code DELETE /users/{user}}. */
    record UserDelete(String user) implements PlannedWrite {
    }

    /** {@code PUT /groups/{group}}. */
    record GroupPut(String group, String displayName) implements PlannedWrite {
    }

    /** {@code DELETE /groups/{group}}. */
    record GroupDelete(String group) implements PlannedWrite {
    }

    /** {@code PUT /groups/{group}/members/{user}}. */
    record MemberPut(String group, String user) implements PlannedWrite {
    }

    /** {@code DELETE /groups/{group}/members/{user}}. */
    record MemberDelete(String group, String user) implements PlannedWrite {
    }

    /** {@code PUT /users/{u}/roles/{role}} or {@code PUT /groups/{g}/roles/{role}} (a manual assignment). */
    record AssignmentPut(AssigneeKind kind, String assignee, String role, Instant validFrom, Instant expiresAt) implements PlannedWrite {
    }

    /** {@code DELETE /users/{u}/roles/{role}} or {@code DELETE /groups/{g}/roles/{role}}. */
    record AssignmentDelete(AssigneeKind kind, String assignee, String role) implements PlannedWrite {
    }
}
