package dev.rolegate.matrix;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One YAML check-matrix file ({@code src/test/resources/matrix/*.yaml}): a starting state and
 * stages of changes and expected decisions. The same files run on the pure engine and through
 * the HTTP API, so everything here is expressible with admin API calls: a runner replays
 * {@link #given()} and each stage's {@link Stage#changes()} as writes, then asks the checks.
 *
 * <h2>Format</h2>
 * <pre>{@code
 * name: inheritance three levels deep      # optional, defaults to the file name
 * description: free text                   # optional
 * given:                                   # optional starting state; replayed as changes
 *   permissions:                           # name -> operations it lists
 *     report.view: [report.open, report.list]
 *   roles:                                 # name -> grants (names, prefix.*, *) and inherits
 *     viewer: {grants: [report.view]}
 *     analyst: {grants: [report.edit], inherits: [viewer]}
 *   users:                                 # id -> active | disabled
 *     alice: active
 *   groups:                                # id -> member user ids
 *     analysts: [alice]
 *   assignments:                           # exactly one of user / group
 *     - {user: alice, role: viewer}
 *     - {group: analysts, role: analyst, source: ldap,
 *        validFrom: 2026-01-01T00:00:00Z, expiresAt: 2027-01-01T00:00:00Z}
 * stages:
 *   - name: free text                      # optional
 *     now: 2026-06-01T00:00:00Z            # optional, RFC 3339; default 2026-06-01T00:00:00Z
 *     changes:                             # optional, applied in order before the checks
 *       - upsertPermission: {name: p, operations: [o]}
 *       - upsertRole: {name: r, grants: [p], inherits: []}   # replaces grants and inherits
 *       - deleteRole: {name: r}            # also drops its assignments and inherits edges to it
 *       - upsertUser: {id: u, status: disabled}
 *       - upsertGroup: {id: g}
 *       - addGroupMember: {group: g, user: u}
 *       - removeGroupMember: {group: g, user: u}
 *       - assignUserRole: {user: u, role: r, source: manual, validFrom: ..., expiresAt: ...}
 *       - revokeUserRole: {user: u, role: r, source: manual}
 *       - assignGroupRole: {group: g, role: r, source: ldap}
 *       - revokeGroupRole: {group: g, role: r, source: ldap}
 *     checks:
 *       - subject: alice
 *         operation: report.open           # exactly one of operation / permission
 *         allowed: true
 *         reason: allowed                  # optional: a Reason code
 *         missing: []                      # optional: the missing permissions, sorted
 *         explain:                         # optional: the exact paths, each as kind:name steps
 *           - [user:alice, role:viewer, permission:report.view, operation:report.open]
 *     effective:                           # optional: subject -> what it may do, sorted
 *       alice: {permissions: [report.view], operations: [report.list, report.open]}
 *     usersAllowed:                        # optional: operation -> user ids allowed, sorted
 *       report.open: [alice]
 * }</pre>
 * Scalars are read as plain strings (no YAML 1.1 booleans or timestamps sneak in), unknown
 * and duplicate keys are errors, {@code source} defaults to {@code manual}, {@code status} to
 * {@code active}. An assignment is identified by (assignee, role, source): assigning again
 * replaces its validity. Changes that refer to something that does not exist are errors,
 * as an admin API would answer 404.
 *
 * @param source      where the file was read from (for test names and navigation)
 * @param name        the scenario's name
 * @param description free text, may be empty
 * @param given       the starting state as changes, in an order an API accepts: permissions,
 *                    roles (inherited ones first), users, groups and members, assignments
 * @param stages      the stages, in order; state carries over from one to the next
 */
public record MatrixScenario(URI source, String name, String description, List<Change> given, List<Stage> stages) {

    /** The {@code now} of a stage that states none. */
    public static final Instant DEFAULT_NOW = Instant.parse("2026-06-01T00:00:00Z");

    public MatrixScenario {
        Objects.requireNonNull(source, "source");
        given = List.copyOf(given);
        stages = List.copyOf(stages);
    }

    /**
     * One stage: apply the changes, then at {@code now} expect the checks, effective access
     * and reverse look-ups.
     *
     * @param line         line of the stage in the file
     * @param usersAllowed operation → expected user ids, sorted
     */
    public record Stage(int line, String name, Instant now, List<Change> changes, List<Check> checks,
            Map<String, Effective> effective, Map<String, List<String>> usersAllowed) {
        public Stage {
            changes = List.copyOf(changes);
            checks = List.copyOf(checks);
            effective = Map.copyOf(effective);
            usersAllowed = Map.copyOf(usersAllowed);
        }
    }

    /** Whether a check names an operation or a single permission. */
    public enum TargetKind {
        OPERATION, PERMISSION
    }

    /**
     * One expected decision.
     *
     * @param reason  expected {@code Reason} code, or null when not stated
     * @param missing expected missing permissions, or null when not stated
     * @param explain expected explanation paths, each a list of {@code kind:name} steps (kinds
     *                {@code user group role inherited_role permission operation}), or null
     */
    public record Check(int line, String subject, TargetKind kind, String target, boolean allowed,
            String reason, List<String> missing, List<List<String>> explain) {

        /** A one-line description for test names. */
        public String describe() {
            return subject + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + target
                    + " -> " + (allowed ? "allowed" : "denied") + (reason == null ? "" : " (" + reason + ")");
        }
    }

    /**
     * Expected "what may this user do".
     *
     * @param permissions expected permissions, sorted, or null when not stated
     * @param operations  expected operations, sorted, or null when not stated
     */
    public record Effective(int line, List<String> permissions, List<String> operations) {
    }

    /**
     * One write, as an admin API would take it. Validity bounds are null when absent;
     * {@code source} is a wire name ({@code manual}, {@code saml}, {@code ldap}, {@code template}).
     */
    public sealed interface Change {
        /** Line in the file, for messages. */
        int line();
    }

    public record UpsertPermission(int line, String name, List<String> operations) implements Change {
    }

    public record UpsertRole(int line, String name, List<String> grants, List<String> inherits) implements Change {
    }

    public record DeleteRole(int line, String name) implements Change {
    }

    /** @param status {@code active} or {@code disabled} */
    public record UpsertUser(int line, String id, String status) implements Change {
    }

    public record UpsertGroup(int line, String id) implements Change {
    }

    public record AddGroupMember(int line, String group, String user) implements Change {
    }

    public record RemoveGroupMember(int line, String group, String user) implements Change {
    }

    public record AssignUserRole(int line, String user, String role, String source, Instant validFrom,
            Instant expiresAt) implements Change {
    }

    public record RevokeUserRole(int line, String user, String role, String source) implements Change {
    }

    public record AssignGroupRole(int line, String group, String role, String source, Instant validFrom,
            Instant expiresAt) implements Change {
    }

    public record RevokeGroupRole(int line, String group, String role, String source) implements Change {
    }
}
