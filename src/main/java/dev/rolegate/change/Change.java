package dev.rolegate.change;

import dev.rolegate.engine.AssigneeKind;
import java.util.Objects;

/**
 * One typed change item of a unit of work: what changed ({@link #kind()} and {@link #key()}),
 * how ({@link #op()}), and its state before and after in the admin API's wire shape (a
 * {@code UserResponse}, a {@code RoleResponse}, ...; never a secret). A rename is an
 * {@code update} whose {@code before.id} differs from {@code after.id}; the thing's memberships
 * and assignments move with it. Immutable; the shapes are serialised with Jackson when the work
 * ends, so they must not change after they were recorded.
 *
 * @param action the catalogue's action, a change action (not an event); it fixes kind and op
 * @param key    the thing's key, see {@link ChangeKind} and the factory methods below
 * @param before the state before, null for a {@code create}
 * @param after  the state after, null for a {@code delete}
 */
public record Change(Action action, String key, Object before, Object after) {

    public Change {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(key, "key");
        if (action.isEvent()) {
            throw new IllegalArgumentException(action + " is an event, not a change");
        }
        ChangeOp op = action.op().orElseThrow();
        if ((op == ChangeOp.CREATE && before != null) || (op == ChangeOp.DELETE && after != null)
                || (op != ChangeOp.CREATE && before == null) || (op != ChangeOp.DELETE && after == null)) {
            throw new IllegalArgumentException(action + " " + key + ": before/after do not fit " + op);
        }
    }

    /** A {@code create} of {@code kind} (the plain action). */
    public static Change created(ChangeKind kind, String key, Object after) {
        return new Change(Action.of(kind, ChangeOp.CREATE), key, null, after);
    }

    /** An {@code update} of {@code kind} (the plain action). */
    public static Change updated(ChangeKind kind, String key, Object before, Object after) {
        return new Change(Action.of(kind, ChangeOp.UPDATE), key, before, after);
    }

    /** A {@code delete} of {@code kind} (the plain action). */
    public static Change deleted(ChangeKind kind, String key, Object before) {
        return new Change(Action.of(kind, ChangeOp.DELETE), key, before, null);
    }

    /** A create when {@code before} is null, a delete when {@code after} is, else an update. */
    public static Change put(ChangeKind kind, String key, Object before, Object after) {
        return before == null ? created(kind, key, after) : after == null ? deleted(kind, key, before) : updated(kind, key, before, after);
    }

    public ChangeKind kind() {
        return action.kind().orElseThrow();
    }

    public ChangeOp op() {
        return action.op().orElseThrow();
    }

    // ---- keys: one spelling each, also the audit entry's target ------------------------

    public static String userKey(String id) {
        return "user:" + id;
    }

    public static String groupKey(String id) {
        return "group:" + id;
    }

    public static String memberKey(String group, String user) {
        return "group:" + group + "/member:" + user;
    }

    public static String roleKey(String name) {
        return "role:" + name;
    }

    public static String permissionKey(String name) {
        return "permission:" + name;
    }

    public static String assignmentKey(AssigneeKind kind, String assignee, String role) {
        return (kind == AssigneeKind.USER ? userKey(assignee) : groupKey(assignee)) + "/role:" + role;
    }

    public static String accountKey(String id) {
        return "account:" + id;
    }

    /** The key of an account's SAML settings. */
    public static final String SSO_SETTINGS_KEY = "sso:saml";

    /** The key of an account's LDAP settings (and the target of {@link Action#LDAP_SYNC}). */
    public static final String LDAP_SETTINGS_KEY = "directory:ldap";

    /** The key of an account's console settings (framing origins and brand). */
    public static final String CONSOLE_SETTINGS_KEY = "console:settings";

    /** The key of an account's SCIM settings (group → role mappings, default roles, linking). */
    public static final String SCIM_SETTINGS_KEY = "directory:scim";

    /** The audit target of a SCIM bearer token's creation and revocation (not a change item: tokens are not model state). */
    public static String scimTokenKey(String id) {
        return "scim:token:" + id;
    }
}
