package dev.rolegate.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import dev.rolegate.access.AssignmentService;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.change.Work;
import dev.rolegate.directory.DirectoryService;
import dev.rolegate.directory.GroupIds;
import dev.rolegate.directory.api.MemberResponse;
import dev.rolegate.directory.api.UserResponse;
import dev.rolegate.directory.UserRenames;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.Names;
import dev.rolegate.platform.Attribution;
import dev.rolegate.scim.store.ScimRows;
import dev.rolegate.scim.ScimRecords.GroupRow;
import dev.rolegate.scim.ScimRecords.UserRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;

/**
 * SCIM 2.0 provisioning of one account's users and groups (RFC 7644 §3.3-§3.6), as the account's
 * third identity source. Every request is one unit of work ({@link UnitOfWork}): one revision,
 * its change items and audit entries (actor {@code scim-token:<id>}), all or nothing.
 *
 * <p>Semantics:
 * <ul>
 *   <li>A SCIM user is a Rolegate user whose id is the {@code userName} (source {@code scim},
 *       its SCIM {@code id} the user's external id). A rename of {@code userName} moves the user
 *       with its memberships and assignments; the SCIM {@code id} stays.</li>
 *   <li>A {@code userName} that a local, SAML or LDAP user already has is 409 {@code uniqueness},
 *       unless the account's {@link ScimSettings#linkExistingUsers()} links it (that user keeps
 *       its source and id; the link is audited as {@code user.update} of the SCIM-held fields).</li>
 *   <li>{@code active=false} disables the user (every check denies from that revision on) and keeps
 *       its roles, so {@code active=true} restores exactly the access it had.</li>
 *   <li>Roles come only from {@link ScimSettings}: the default roles on every SCIM user, the
 *       group → role mappings on SCIM groups; all with source {@code scim}, so SCIM never touches
 *       an admin's or another source's assignment ({@link ScimRoles}).</li>
 * </ul>
 */
@ApplicationScoped
public class ScimProvisioning {

    private static final ObjectMapper JSON = JsonUtils.createObjectMapper();

    @Inject
    UnitOfWork writes;

    @Inject
    ScimRows rows;

    @Inject
    DirectoryService directory;

    @Inject
    AssignmentService assignments;

    @Inject
    ScimSettingsService settings;

    @Inject
    ScimRoles roles;

    @Inject
    ScimMetrics metrics;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** A user as stored, with its kept attributes parsed; {@code revision} the write's, 0 for a read. */
    public record User(UserRow row, ObjectNode resource, long revision) {
    }

    /** A group as stored, with its SCIM members (null when not read); {@code revision} the write's, 0 for a read. */
    public record Group(GroupRow row, List<ScimRecords.Member> members, long revision) {
    }

    // ---- users -------------------------------------------------------------------------

    /** {@code POST /Users}. @throws ScimFailure 409 {@code uniqueness}, 400 {@code invalidValue}/{@code invalidSyntax} */
    @Transactional
    public User createUser(String account, Attribution by, ObjectNode body) {
        ScimRequests.requireSchema(body, ScimSchemas.USER, ScimSchemas.ENTERPRISE_USER);
        ScimDocuments.Kept kept = ScimDocuments.user(body);
        metrics.ignored("User", kept.ignored());
        ObjectNode resource = kept.resource();
        String userName = userName(resource);
        return writes.in(account, by, work -> {
            requireFreeUserName(account, userName, null);
            Instant now = now();
            String id = UUID.randomUUID().toString();
            String userId = userName;
            List<Object[]> existing = rows.usersNamed(account, userName);
            if (!existing.isEmpty()) {
                String source = (String) existing.get(0)[1];
                if (!settings.settings(account).linkExistingUsers()) {
                    throw ScimFailure.uniqueness("userName '" + userName + "' is already used by a " + source + " user of this account; "
                            + "set linkExistingUsers in PUT /v1/accounts/" + account + "/scim to link SCIM to that user");
                }
                userId = (String) existing.get(0)[0];
            }
            writeUser(work, userId, id, resource, now);
            UserRow row = new UserRow(id, userId, userName, text(resource, "externalId"), active(resource), json(resource), 1, now, now);
            rows.insertUser(account, row);
            roles.reconcileUser(work, userId, settings.settings(account));
            return new User(row, resource, work.revision());
        });
    }

    /** {@code PUT /Users/{id}}: the kept attributes replaced by the body's. */
    @Transactional
    public User replaceUser(String account, Attribution by, String id, String ifMatch, ObjectNode body) {
        ScimRequests.requireSchema(body, ScimSchemas.USER, ScimSchemas.ENTERPRISE_USER);
        ScimDocuments.Kept kept = ScimDocuments.user(body);
        metrics.ignored("User", kept.ignored());
        return writes.in(account, by, work -> updateUser(work, requireUser(account, id, ifMatch), kept.resource()));
    }

    /** {@code PATCH /Users/{id}} (RFC 7644 §3.5.2, both Entra ID dialects). */
    @Transactional
    public User patchUser(String account, Attribution by, String id, String ifMatch, ObjectNode body) {
        ScimPatch patch = ScimPatch.read(body);
        return writes.in(account, by, work -> {
            UserRow row = requireUser(account, id, ifMatch);
            ObjectNode resource = parse(row.resource());
            metrics.ignored("User", patch.applyToUser(resource));
            return updateUser(work, row, resource);
        });
    }

    /**
     * {@code DELETE /Users/{id}}: a SCIM user is deleted with its memberships and assignments; a
     * linked user stays, without its {@code scim} assignments and SCIM group memberships.
     */
    @Transactional
    public long deleteUser(String account, Attribution by, String id, String ifMatch) {
        return writes.in(account, by, work -> {
            UserRow row = requireUser(account, id, ifMatch);
            UserResponse user = directory.getUser(account, row.userId());
            if ("scim".equals(user.source())) {
                directory.deleteUser(account, row.userId());
                return work.revision();
            }
            for (String role : rows.scimRoles(account, true, row.userId())) {
                assignments.revoke(account, AssigneeKind.USER, row.userId(), role, List.of(AssignmentSource.SCIM));
            }
            for (GroupRow group : rows.allGroups(account)) {
                if (rows.members(account, group.groupId()).stream().anyMatch(m -> m.id().equals(id))) {
                    changeMembers(work, group, Set.of(id), Set.of());
                }
            }
            rows.deleteUser(account, id);
            return work.revision();
        });
    }

    @Transactional
    public User getUser(String account, String id) {
        UserRow row = rows.user(account, id).orElseThrow(() -> ScimFailure.notFound("No User with id '" + id + "' in this account."));
        return new User(row, parse(row.resource()), 0);
    }

    /** A page of users, and the total that match. */
    @Transactional
    public Map.Entry<Long, List<User>> listUsers(String account, String filter, int startIndex, int count) {
        ScimFilters.Sql sql = ScimFilters.users(filter, 2);
        long total = rows.countUsers(account, sql);
        List<User> page = count == 0 ? List.of() : rows.users(account, sql, startIndex - 1, count).stream()
                .map(r -> new User(r, parse(r.resource()), 0)).toList();
        return Map.entry(total, page);
    }

    private User updateUser(Work work, UserRow row, ObjectNode resource) {
        String account = work.account();
        String userName = userName(resource);
        String userId = row.userId();
        if (!userName.equalsIgnoreCase(row.userName())) {
            requireFreeUserName(account, userName, row.id());
        }
        UserResponse current = directory.getUser(account, userId);
        if ("scim".equals(current.source()) && !userName.equals(userId)) {
            if (rows.usersNamed(account, userName).stream().anyMatch(u -> !u[0].equals(row.userId()))) {
                throw ScimFailure.uniqueness("userName '" + userName + "' is already used by another user of this account");
            }
            rename(work, userId, userName, row.id());
            userId = userName;
        }
        Instant now = now();
        writeUser(work, userId, row.id(), resource, now);
        UserRow updated = new UserRow(row.id(), userId, userName, text(resource, "externalId"), active(resource), json(resource),
                row.version() + 1, row.createdAt(), now);
        rows.updateUser(account, updated);
        return new User(updated, resource, work.revision());
    }

    private void rename(Work work, String from, String to, String scimId) {
        UserResponse before = directory.getUser(work.account(), from);
        em.flush();
        em.unwrap(Session.class).doWork(connection -> UserRenames.rename(connection, work.account(), from, to, scimId));
        em.clear();
        work.record(Change.updated(ChangeKind.USER, Change.userKey(to), before,
                new UserResponse(to, before.email(), before.displayName(), before.status(), before.source())));
    }

    private void writeUser(Work work, String userId, String scimId, ObjectNode resource, Instant now) {
        directory.putFromSource(work, userId, "scim", scimId, email(resource), displayName(resource),
                active(resource) ? "active" : "disabled", now);
    }

    private UserRow requireUser(String account, String id, String ifMatch) {
        UserRow row = rows.user(account, id).orElseThrow(() -> ScimFailure.notFound("No User with id '" + id + "' in this account."));
        requireVersion(ifMatch, row.version(), "User '" + id + "'");
        return row;
    }

    private void requireFreeUserName(String account, String userName, String self) {
        rows.userByName(account, userName).filter(u -> !u.id().equals(self)).ifPresent(u -> {
            throw ScimFailure.uniqueness("userName '" + userName + "' is already taken by User " + u.id());
        });
    }

    private static String userName(ObjectNode resource) {
        String userName = text(resource, "userName");
        if (userName == null || userName.isBlank()) {
            throw ScimFailure.invalidValue("userName is required");
        }
        if (!Names.isUserId(userName)) {
            throw ScimFailure.invalidValue("userName must be 1 to " + Names.MAX_USER_ID_LENGTH
                    + " characters of [A-Za-z0-9._@+-] (it is the Rolegate user id), got '" + userName + "'");
        }
        return userName;
    }

    private static boolean active(ObjectNode resource) {
        JsonNode active = resource.get("active");
        return active == null || active.isNull() || active.asBoolean(true);
    }

    /** The primary email, else the work email, else the first. */
    private static String email(ObjectNode resource) {
        JsonNode emails = resource.get("emails");
        if (emails == null || !emails.isArray() || emails.isEmpty()) {
            return null;
        }
        JsonNode pick = null;
        for (JsonNode e : emails) {
            if (e.path("primary").asBoolean(false) || "true".equalsIgnoreCase(e.path("primary").asText())) {
                pick = e;
                break;
            }
            if (pick == null && "work".equalsIgnoreCase(e.path("type").asText())) {
                pick = e;
            }
        }
        return text(pick == null ? emails.get(0) : pick, "value");
    }

    private static String displayName(ObjectNode resource) {
        String display = text(resource, "displayName");
        if (display != null) {
            return display;
        }
        JsonNode name = resource.get("name");
        if (name == null || !name.isObject()) {
            return null;
        }
        String formatted = text(name, "formatted");
        if (formatted != null) {
            return formatted;
        }
        String joined = String.join(" ", java.util.stream.Stream.of(text(name, "givenName"), text(name, "familyName"))
                .filter(java.util.Objects::nonNull).toList());
        return joined.isEmpty() ? null : joined;
    }

    // ---- groups ------------------------------------------------------------------------

    /** {@code POST /Groups}. @throws ScimFailure 409 {@code uniqueness} for a displayName taken, 400 {@code invalidValue} for an unknown member */
    @Transactional
    public Group createGroup(String account, Attribution by, ObjectNode body) {
        ScimRequests.requireSchema(body, ScimSchemas.GROUP);
        ScimDocuments.Kept kept = ScimDocuments.group(body);
        metrics.ignored("Group", kept.ignored());
        String displayName = groupName(kept.resource());
        List<String> members = ScimPatch.memberIds(kept.resource().get("members"));
        return writes.in(account, by, work -> {
            requireFreeGroupName(account, displayName, null);
            Instant now = now();
            String id = UUID.randomUUID().toString();
            String base = GroupIds.from(displayName, "scim-" + id, new java.util.HashSet<>());
            String groupId = GroupIds.from(displayName, "scim-" + id, rows.groupIdsStartingWith(account, base));
            directory.createGroupFromSource(work, groupId, "scim", id, displayName, now);
            GroupRow row = new GroupRow(id, groupId, displayName, text(kept.resource(), "externalId"), 1, now, now);
            em.flush();
            rows.insertGroup(account, row);
            changeMembers(work, row, Set.of(), new LinkedHashSet<>(members));
            roles.reconcileGroup(work, row, settings.settings(account));
            return new Group(row, null, work.revision());
        });
    }

    /** {@code PUT /Groups/{id}}: displayName, externalId and the whole member list replaced. */
    @Transactional
    public Group replaceGroup(String account, Attribution by, String id, String ifMatch, ObjectNode body) {
        ScimRequests.requireSchema(body, ScimSchemas.GROUP);
        ScimDocuments.Kept kept = ScimDocuments.group(body);
        metrics.ignored("Group", kept.ignored());
        List<String> members = ScimPatch.memberIds(kept.resource().get("members"));
        return writes.in(account, by, work -> {
            GroupRow row = requireGroup(account, id, ifMatch);
            Set<String> current = memberIds(account, row);
            return updateGroup(work, row, kept.resource(), current, new LinkedHashSet<>(members));
        });
    }

    /** {@code PATCH /Groups/{id}}: one revision however many members it adds or removes. */
    @Transactional
    public Group patchGroup(String account, Attribution by, String id, String ifMatch, ObjectNode body) {
        ScimPatch patch = ScimPatch.read(body);
        return writes.in(account, by, work -> {
            GroupRow row = requireGroup(account, id, ifMatch);
            Set<String> current = memberIds(account, row);
            LinkedHashSet<String> members = new LinkedHashSet<>(current);
            ObjectNode resource = JSON.createObjectNode().put("displayName", row.displayName());
            if (row.externalId() != null) {
                resource.put("externalId", row.externalId());
            }
            metrics.ignored("Group", patch.applyToGroup(resource, members));
            return updateGroup(work, row, resource, current, members);
        });
    }

    /** {@code DELETE /Groups/{id}}: the group goes with its memberships and role assignments. */
    @Transactional
    public long deleteGroup(String account, Attribution by, String id, String ifMatch) {
        return writes.in(account, by, work -> {
            GroupRow row = requireGroup(account, id, ifMatch);
            directory.deleteGroup(account, row.groupId());
            return work.revision();
        });
    }

    @Transactional
    public Group getGroup(String account, String id, boolean withMembers) {
        GroupRow row = rows.group(account, id).orElseThrow(() -> ScimFailure.notFound("No Group with id '" + id + "' in this account."));
        return new Group(row, withMembers ? rows.members(account, row.groupId()) : null, 0);
    }

    @Transactional
    public Map.Entry<Long, List<Group>> listGroups(String account, String filter, int startIndex, int count, boolean withMembers) {
        ScimFilters.Sql sql = ScimFilters.groups(filter, 2);
        long total = rows.countGroups(account, sql);
        List<Group> page = count == 0 ? List.of() : rows.groups(account, sql, startIndex - 1, count).stream()
                .map(r -> new Group(r, withMembers ? rows.members(account, r.groupId()) : null, 0)).toList();
        return Map.entry(total, page);
    }

    private Group updateGroup(Work work, GroupRow row, ObjectNode resource, Set<String> current, LinkedHashSet<String> members) {
        String account = work.account();
        String displayName = groupName(resource);
        if (!displayName.equalsIgnoreCase(row.displayName())) {
            requireFreeGroupName(account, displayName, row.id());
        }
        Instant now = now();
        directory.renameGroupFromSource(work, row.groupId(), displayName, now);
        GroupRow updated = new GroupRow(row.id(), row.groupId(), displayName, text(resource, "externalId"), row.version() + 1,
                row.createdAt(), now);
        rows.updateGroup(account, updated);
        changeMembers(work, updated, current, members);
        if (!displayName.equals(row.displayName())) {
            roles.reconcileGroup(work, updated, settings.settings(account));
        }
        return new Group(updated, null, work.revision());
    }

    /**
     * Brings a group's SCIM members from {@code current} to {@code desired} (SCIM user ids) with
     * a few bulk statements, one change item per membership.
     *
     * @throws ScimFailure 400 {@code invalidValue} naming members that are no User of the account
     */
    private void changeMembers(Work work, GroupRow group, Set<String> current, Set<String> desired) {
        List<String> added = desired.stream().filter(m -> !current.contains(m)).toList();
        List<String> removed = current.stream().filter(m -> !desired.contains(m)).toList();
        if (added.isEmpty() && removed.isEmpty()) {
            return;
        }
        List<String> all = new ArrayList<>(added);
        all.addAll(removed);
        Map<String, String> userIds = rows.userIdsOf(work.account(), all);
        List<String> unknown = added.stream().filter(m -> !userIds.containsKey(m)).limit(5).toList();
        if (!unknown.isEmpty()) {
            throw ScimFailure.invalidValue("members must be Users of this account; no User with id " + unknown
                    + (added.stream().filter(m -> !userIds.containsKey(m)).count() > 5 ? " and more" : ""));
        }
        List<String> addedUsers = added.stream().map(userIds::get).toList();
        List<String> removedUsers = removed.stream().map(userIds::get).filter(java.util.Objects::nonNull).toList();
        rows.addMembers(work.account(), group.groupId(), addedUsers);
        rows.removeMembers(work.account(), group.groupId(), removedUsers);
        List<Change> changes = new ArrayList<>(addedUsers.size() + removedUsers.size());
        addedUsers.forEach(u -> changes.add(Change.created(ChangeKind.MEMBER, Change.memberKey(group.groupId(), u), new MemberResponse(u))));
        removedUsers.forEach(u -> changes.add(Change.deleted(ChangeKind.MEMBER, Change.memberKey(group.groupId(), u), new MemberResponse(u))));
        work.recordAll(changes);
    }

    private Set<String> memberIds(String account, GroupRow row) {
        Set<String> ids = new LinkedHashSet<>();
        rows.members(account, row.groupId()).forEach(m -> ids.add(m.id()));
        return ids;
    }

    private GroupRow requireGroup(String account, String id, String ifMatch) {
        GroupRow row = rows.group(account, id).orElseThrow(() -> ScimFailure.notFound("No Group with id '" + id + "' in this account."));
        requireVersion(ifMatch, row.version(), "Group '" + id + "'");
        return row;
    }

    private void requireFreeGroupName(String account, String displayName, String self) {
        rows.groupsNamed(account, displayName).stream().filter(g -> !g.id().equals(self)).findFirst().ifPresent(g -> {
            throw ScimFailure.uniqueness("displayName '" + displayName + "' is already taken by Group " + g.id());
        });
    }

    private static String groupName(ObjectNode resource) {
        String name = text(resource, "displayName");
        if (name == null || name.isBlank() || name.length() > 256) {
            throw ScimFailure.invalidValue("displayName is required, 1 to 256 characters");
        }
        return name;
    }

    // ---- shared ------------------------------------------------------------------------

    /** The resource version as {@code meta.version} spells it: {@code W/"<n>"}. */
    public static String version(long version) {
        return "W/\"" + version + "\"";
    }

    private static void requireVersion(String ifMatch, long version, String what) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        for (String tag : ifMatch.split(",")) {
            if (tag.trim().equals(version(version)) || tag.trim().equals("\"" + version + "\"")) {
                return;
            }
        }
        throw ScimFailure.preconditionFailed(what + " is at version " + version(version) + ", not " + ifMatch.trim());
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }

    private static String json(ObjectNode resource) {
        try {
            return JSON.writeValueAsString(resource);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored SCIM resource is not JSON", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
