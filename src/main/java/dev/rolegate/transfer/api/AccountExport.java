package dev.rolegate.transfer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.util.List;
import java.util.SortedMap;

/**
 * The account export document, format {@value #FORMAT} version {@value #VERSION}: the body of
 * {@code GET /v1/accounts/{a}/export} and of {@code POST /v1/accounts/{a}/import}
 * ({@code docs/export-import.md}). Every map is sorted by key and every list is sorted, so two
 * exports of the same state are byte-identical apart from {@code exportedAt}. It never holds a
 * secret, and no identity-source (SAML, LDAP) settings.
 *
 * @param format      always {@value #FORMAT}
 * @param version     always {@value #VERSION}
 * @param account     the exported account; ignored on import (the path names the target)
 * @param revision    the account's revision the export was read at; ignored on import
 * @param exportedAt  when the export was made (RFC 3339, UTC); ignored on import
 * @param catalog     the account's own permissions and its roles, in the shape of a template file
 *                    ({@code policies/README.md}); never the built-in {@code rbac.*} permissions
 * @param users       users, by id
 * @param groups      groups with their members, by id
 * @param assignments user and group role assignments, user ones first, then by assignee, role and source
 */
@JsonPropertyOrder({"format", "version", "account", "revision", "exportedAt", "catalog", "users", "groups", "assignments"})
public record AccountExport(String format, Integer version, Account account, Long revision, Instant exportedAt,
                            Catalog catalog, List<User> users, List<Group> groups, List<Assignment> assignments) {

    /** The {@code format} of every export. */
    public static final String FORMAT = "rolegate.account-export";

    /** The only {@code version} this service writes and reads. */
    public static final int VERSION = 1;

    /**
     * The account's public fields.
     *
     * @param id       the account id
     * @param name     its display name
     * @param template the template it was created from
     */
    @Schema(name = "ExportAccount")
    public record Account(String id, String name, String template) {
    }

    /**
     * The permission catalog and the roles, keyed by name.
     *
     * @param permissions permission name → permission (the account's own, never {@code rbac.*} built-ins)
     * @param roles       role name → role
     */
    @JsonPropertyOrder({"permissions", "roles"})
    @Schema(name = "ExportCatalog")
    public record Catalog(SortedMap<String, Permission> permissions, SortedMap<String, Role> roles) {
    }

    /**
     * A permission as in a template file; empty members are omitted.
     *
     * @param description free text, at most 1024 characters
     * @param operations  the operations it covers, sorted
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"description", "operations"})
    @Schema(name = "ExportPermission")
    public record Permission(String description, List<String> operations) {
    }

    /**
     * A role as in a template file; empty members are omitted.
     *
     * @param description free text
     * @param grants      permission names or wildcards ({@code report.*}, {@code *}), sorted; may
     *                    name built-in {@code rbac.*} permissions
     * @param inherits    the roles it inherits, sorted
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"description", "grants", "inherits"})
    @Schema(name = "ExportRole")
    public record Role(String description, List<String> grants, List<String> inherits) {
    }

    /**
     * A user; absent members are omitted.
     *
     * @param id          the user id
     * @param email       optional email address
     * @param displayName optional display name
     * @param status      {@code active} or {@code disabled}
     * @param source      {@code local}, {@code saml} or {@code ldap}
     * @param externalId  the identity source's stable id (SAML: IdP entityID and NameID; LDAP: entryUUID/objectGUID)
     * @param externalDn  for LDAP users: the DN last seen
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "email", "displayName", "status", "source", "externalId", "externalDn"})
    @Schema(name = "ExportUser")
    public record User(String id, String email, String displayName, String status, String source,
                       String externalId, String externalDn) {
    }

    /**
     * A group and its members; absent members are omitted, {@code members} is always present.
     *
     * @param id          the group id
     * @param displayName optional display name
     * @param source      {@code local}, {@code saml} or {@code ldap}
     * @param externalId  the identity source's stable id
     * @param externalDn  for LDAP groups: the DN last seen
     * @param members     the member user ids, sorted
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "displayName", "source", "externalId", "externalDn", "members"})
    @Schema(name = "ExportGroup")
    public record Group(String id, String displayName, String source, String externalId, String externalDn,
                        List<String> members) {
    }

    /**
     * A role assignment of exactly one of {@code user} or {@code group}; absent members are omitted.
     *
     * @param user      the user id, for a user assignment
     * @param group     the group id, for a group assignment
     * @param role      the role
     * @param source    {@code manual}, {@code template}, {@code saml} or {@code ldap}
     * @param validFrom start of validity, inclusive (absent: already in force)
     * @param expiresAt end of validity, exclusive (absent: never ends); a break-glass
     *                  assignment is a {@code manual} one with an {@code expiresAt}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"user", "group", "role", "source", "validFrom", "expiresAt"})
    @Schema(name = "ExportAssignment")
    public record Assignment(String user, String group, String role, String source, Instant validFrom, Instant expiresAt) {
    }
}
