package dev.rolegate.change;

import static dev.rolegate.change.ChangeKind.ACCOUNT;
import static dev.rolegate.change.ChangeKind.ASSIGNMENT;
import static dev.rolegate.change.ChangeKind.GROUP;
import static dev.rolegate.change.ChangeKind.CONSOLE_SETTINGS;
import static dev.rolegate.change.ChangeKind.LDAP_SETTINGS;
import static dev.rolegate.change.ChangeKind.MEMBER;
import static dev.rolegate.change.ChangeKind.PERMISSION;
import static dev.rolegate.change.ChangeKind.ROLE;
import static dev.rolegate.change.ChangeKind.SCIM_SETTINGS;
import static dev.rolegate.change.ChangeKind.SSO_SETTINGS;
import static dev.rolegate.change.ChangeKind.USER;
import static dev.rolegate.change.ChangeOp.CREATE;
import static dev.rolegate.change.ChangeOp.DELETE;
import static dev.rolegate.change.ChangeOp.UPDATE;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one catalogue of audit actions (issue 12 item 2): every {@code action} an audit entry can
 * name, with one spelling per change whoever the writer is. A <em>change</em> action stands for
 * one change item of a {@link ChangeKind} and {@link ChangeOp} (several actions may share one,
 * e.g. {@link #ROLE_DELETE_CASCADE} and {@link #BREAKGLASS_GRANT} say more than the plain
 * spelling); an <em>event</em> action ({@link #SSO_LOGIN}, {@link #LDAP_SYNC},
 * {@link #ACCOUNT_IMPORT}) records something that happened without being a change of the model.
 * {@code docs/audit.md} documents each, and a test keeps the two in step.
 */
public enum Action {
    ACCOUNT_CREATE("account.create", ACCOUNT, CREATE),
    ACCOUNT_IMPORT("account.import"),
    PERMISSION_CREATE("permission.create", PERMISSION, CREATE),
    PERMISSION_UPDATE("permission.update", PERMISSION, UPDATE),
    PERMISSION_DELETE("permission.delete", PERMISSION, DELETE),
    ROLE_CREATE("role.create", ROLE, CREATE),
    ROLE_UPDATE("role.update", ROLE, UPDATE),
    ROLE_DELETE("role.delete", ROLE, DELETE),
    /** A role deleted with {@code ?cascade=true}; its assignments and inheritance links go with it. */
    ROLE_DELETE_CASCADE("role.delete_cascade", ROLE, DELETE),
    USER_CREATE("user.create", USER, CREATE),
    USER_UPDATE("user.update", USER, UPDATE),
    USER_DELETE("user.delete", USER, DELETE),
    GROUP_CREATE("group.create", GROUP, CREATE),
    GROUP_UPDATE("group.update", GROUP, UPDATE),
    GROUP_DELETE("group.delete", GROUP, DELETE),
    MEMBER_ADD("member.add", MEMBER, CREATE),
    MEMBER_REMOVE("member.remove", MEMBER, DELETE),
    ASSIGNMENT_CREATE("assignment.create", ASSIGNMENT, CREATE),
    ASSIGNMENT_UPDATE("assignment.update", ASSIGNMENT, UPDATE),
    ASSIGNMENT_DELETE("assignment.delete", ASSIGNMENT, DELETE),
    /** A time-boxed emergency {@code manual} assignment; the audit entry carries the reason. */
    BREAKGLASS_GRANT("breakglass.grant", ASSIGNMENT, CREATE),
    SSO_SAML_CREATE("sso.saml.create", SSO_SETTINGS, CREATE),
    SSO_SAML_UPDATE("sso.saml.update", SSO_SETTINGS, UPDATE),
    SSO_LOGIN("sso.login"),
    LDAP_SETTINGS_CREATE("ldap.settings.create", LDAP_SETTINGS, CREATE),
    LDAP_SETTINGS_UPDATE("ldap.settings.update", LDAP_SETTINGS, UPDATE),
    LDAP_SYNC("ldap.sync"),
    CONSOLE_SETTINGS_CREATE("console.settings.create", CONSOLE_SETTINGS, CREATE),
    CONSOLE_SETTINGS_UPDATE("console.settings.update", CONSOLE_SETTINGS, UPDATE),
    SCIM_SETTINGS_CREATE("scim.settings.create", SCIM_SETTINGS, CREATE),
    SCIM_SETTINGS_UPDATE("scim.settings.update", SCIM_SETTINGS, UPDATE),
    /** A SCIM bearer token created; the entry names its id, never the token. */
    SCIM_TOKEN_CREATE("scim.token.create"),
    /** A SCIM bearer token revoked. */
    SCIM_TOKEN_REVOKE("scim.token.revoke");

    /**
     * Spellings that releases before this catalogue wrote and that stored audit entries still
     * hold (entries are never rewritten: the hash chain covers them): LDAP sync's memberships.
     */
    public static final Map<String, Action> LEGACY_SPELLINGS = Map.of(
            "member.create", MEMBER_ADD,
            "member.delete", MEMBER_REMOVE);

    private static final Map<String, Action> BY_SPELLING = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Action::spelling, Function.identity()));

    private final String spelling;
    private final ChangeKind kind;
    private final ChangeOp op;

    Action(String spelling, ChangeKind kind, ChangeOp op) {
        this.spelling = spelling;
        this.kind = kind;
        this.op = op;
    }

    Action(String spelling) {
        this(spelling, null, null);
    }

    /** The audit log's {@code action}, e.g. {@code member.add}. */
    public String spelling() {
        return spelling;
    }

    /** True for an event action: no change item, an audit entry only. */
    public boolean isEvent() {
        return kind == null;
    }

    /** The kind of the change item; empty for an event. */
    public Optional<ChangeKind> kind() {
        return Optional.ofNullable(kind);
    }

    /** The op of the change item; empty for an event. */
    public Optional<ChangeOp> op() {
        return Optional.ofNullable(op);
    }

    /** The plain action of a change: e.g. ({@code member}, {@code create}) → {@link #MEMBER_ADD}. */
    public static Action of(ChangeKind kind, ChangeOp op) {
        for (Action action : values()) {
            if (action.kind == kind && action.op == op) {
                return action; // declaration order puts the plain spelling first
            }
        }
        throw new IllegalArgumentException("no action for " + kind + " " + op);
    }

    /** The action a stored spelling names, today's or a {@linkplain #LEGACY_SPELLINGS legacy} one. */
    public static Optional<Action> ofSpelling(String spelling) {
        Action action = BY_SPELLING.get(spelling);
        return action != null ? Optional.of(action) : Optional.ofNullable(LEGACY_SPELLINGS.get(spelling));
    }
}
