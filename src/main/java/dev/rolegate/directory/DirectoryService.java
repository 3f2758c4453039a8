package dev.rolegate.directory;

import dev.rolegate.access.AssignmentService;
import dev.rolegate.access.EscalationGuard;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.directory.api.GroupResponse;
import dev.rolegate.directory.api.MemberResponse;
import dev.rolegate.directory.api.UserResponse;
import dev.rolegate.directory.store.DirectoryQueries;
import dev.rolegate.directory.store.GroupEntity;
import dev.rolegate.directory.store.GroupMemberEntity;
import dev.rolegate.directory.store.UserEntity;
import dev.rolegate.platform.AccountScopedKey;
import dev.rolegate.platform.ETags;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.Written;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Use cases on users, groups and memberships. Each write is one unit of work
 * ({@link UnitOfWork}): one revision, its change items and audit entries, the invariants.
 */
@ApplicationScoped
public class DirectoryService implements dev.rolegate.access.Assignees {

    @Inject
    UnitOfWork writes;

    @Inject
    CallerContext callers;

    @Inject
    Clock clock;


    @Inject
    AssignmentService assignments;

    @Inject
    EscalationGuard escalation;

    @Inject
    DirectoryQueries queries;

    /**
     * Creates or updates a user. A new user's source is {@code local}; an existing user keeps
     * its source (an admin may, say, disable a user that SAML brought).
     *
     * @param status {@code active} or {@code disabled}; null means active for a new user and
     *               unchanged for an existing one
     */
    @Transactional
    public Written<UserResponse> putUser(String account, String id, String email, String displayName, String status) {
        return putUser(account, id, email, displayName, status, null);
    }

    /** {@link #putUser(String, String, String, String, String)} only if the user's ETag matches {@code ifMatch} (null: always). */
    @Transactional
    public Written<UserResponse> putUser(String account, String id, String email, String displayName, String status,
                                         String ifMatch) {
        return putUser(account, id, email, displayName, status, ifMatch, null);
    }

    /**
     * {@link #putUser(String, String, String, String, String, String)} on behalf of an admin who
     * holds {@code grantorHolds}: disabling a user takes away, and enabling one gives back, every
     * permission of the user's roles, so the admin must hold them all (issue 11 item 1).
     *
     * @param grantorHolds the admin's permissions, or null for a trusted caller
     * @throws ProblemException 403 {@code forbidden} naming the permissions the admin lacks
     */
    @Transactional
    public Written<UserResponse> putUser(String account, String id, String email, String displayName, String status,
                                         String ifMatch, java.util.Set<String> grantorHolds) {
        return writes.in(account, callers.attribution(), work -> {
        UserEntity user = UserEntity.findById(new AccountScopedKey(account, id));
        ETags.requireMatch(ifMatch, user == null ? null : view(user), "user '" + id + "'");
        if (grantorHolds != null && user != null && status != null && !status.equals(user.status)) {
            EscalationGuard.requireHeld(grantorHolds, assignments.userPermissions(account, id),
                    "Making user '" + id + "' " + status + " would change");
        }
        boolean created = user == null;
        UserResponse before = created ? null : view(user);
        var now = clock.instant();
        if (created) {
            user = new UserEntity();
            user.accountId = account;
            user.id = id;
            user.createdAt = now;
        }
        user.email = email;
        user.displayName = displayName;
        if (status != null) {
            user.status = status;
        }
        user.updatedAt = now;
        if (created) {
            user.persist();
        }
        UserResponse after = view(user);
        work.record(Change.put(ChangeKind.USER, Change.userKey(id), before, after));
        escalation.requireNoGainBeyond(account, grantorHolds);
        return new Written<>(after, work.revision(), created);
        });
    }

    /** Deletes a user with its memberships and assignments. */
    @Transactional
    public long deleteUser(String account, String id) {
        return deleteUser(account, id, null);
    }

    /** {@link #deleteUser(String, String)} only if the user's ETag matches {@code ifMatch} (null: always). */
    @Transactional
    public long deleteUser(String account, String id, String ifMatch) {
        return deleteUser(account, id, ifMatch, null);
    }

    /**
     * {@link #deleteUser(String, String, String)} on behalf of an admin who holds {@code grantorHolds}:
     * the user's roles go with the user, so the admin must hold all their permissions.
     *
     * @param grantorHolds the admin's permissions, or null for a trusted caller
     * @throws ProblemException 403 {@code forbidden} naming the permissions the admin lacks
     */
    @Transactional
    public long deleteUser(String account, String id, String ifMatch, java.util.Set<String> grantorHolds) {
        return writes.in(account, callers.attribution(), work -> {
        UserResponse before = view(requireUser(account, id));
        ETags.requireMatch(ifMatch, before, "user '" + id + "'");
        if (grantorHolds != null) {
            EscalationGuard.requireHeld(grantorHolds, assignments.userPermissions(account, id),
                    "Deleting user '" + id + "' would take away");
        }
        // memberships and assignments go with the user (ON DELETE CASCADE): the feed says so
        GroupMemberEntity.<GroupMemberEntity>list("accountId = ?1 and userId = ?2", account, id).forEach(m -> work.recordWithoutEntry(
                Change.deleted(ChangeKind.MEMBER, Change.memberKey(m.groupId, id), new MemberResponse(id))));
        assignments.removedWith(work, dev.rolegate.engine.AssigneeKind.USER, id);
        UserEntity.delete("accountId = ?1 and id = ?2", account, id);
        work.record(Change.deleted(ChangeKind.USER, Change.userKey(id), before));
        return work.revision();
        });
    }

    @Transactional
    public UserResponse getUser(String account, String id) {
        return view(requireUser(account, id));
    }

    @Transactional
    public Page<UserResponse> listUsers(String account, String after, int limit) {
        return listUsers(account, UserSearch.ALL, after, limit);
    }

    /**
     * The users matching {@code search}, by id, after the id {@code after} (null: the first page),
     * with the total of the search: one SQL statement ({@link DirectoryQueries#users}).
     */
    @Transactional
    public Page<UserResponse> listUsers(String account, UserSearch search, String after, int limit) {
        return queries.users(account, search, after, limit);
    }

    /** Creates or updates a group ({@code local} when new). */
    @Transactional
    public Written<GroupResponse> putGroup(String account, String id, String displayName) {
        return putGroup(account, id, displayName, null);
    }

    /** {@link #putGroup(String, String, String)} only if the group's ETag matches {@code ifMatch} (null: always). */
    @Transactional
    public Written<GroupResponse> putGroup(String account, String id, String displayName, String ifMatch) {
        return writes.in(account, callers.attribution(), work -> {
        GroupEntity group = GroupEntity.findById(new AccountScopedKey(account, id));
        ETags.requireMatch(ifMatch, group == null ? null : view(group), "group '" + id + "'");
        boolean created = group == null;
        GroupResponse before = created ? null : view(group);
        var now = clock.instant();
        if (created) {
            group = new GroupEntity();
            group.accountId = account;
            group.id = id;
            group.createdAt = now;
        }
        group.displayName = displayName;
        group.updatedAt = now;
        if (created) {
            group.persist();
        }
        GroupResponse after = view(group);
        work.record(Change.put(ChangeKind.GROUP, Change.groupKey(id), before, after));
        return new Written<>(after, work.revision(), created);
        });
    }

    /** Deletes a group with its memberships and role assignments. */
    @Transactional
    public long deleteGroup(String account, String id) {
        return deleteGroup(account, id, null);
    }

    /** {@link #deleteGroup(String, String)} only if the group's ETag matches {@code ifMatch} (null: always). */
    @Transactional
    public long deleteGroup(String account, String id, String ifMatch) {
        return deleteGroup(account, id, ifMatch, null);
    }

    /**
     * {@link #deleteGroup(String, String, String)} on behalf of an admin who holds {@code grantorHolds}:
     * the members lose the group's roles, so the admin must hold all their permissions.
     *
     * @param grantorHolds the admin's permissions, or null for a trusted caller
     * @throws ProblemException 403 {@code forbidden} naming the permissions the admin lacks
     */
    @Transactional
    public long deleteGroup(String account, String id, String ifMatch, java.util.Set<String> grantorHolds) {
        return writes.in(account, callers.attribution(), work -> {
        GroupResponse before = view(requireGroup(account, id));
        ETags.requireMatch(ifMatch, before, "group '" + id + "'");
        if (grantorHolds != null) {
            EscalationGuard.requireHeld(grantorHolds, assignments.groupPermissions(account, id),
                    "Deleting group '" + id + "' would take away");
        }
        GroupMemberEntity.<GroupMemberEntity>list("accountId = ?1 and groupId = ?2", account, id).forEach(m -> work.recordWithoutEntry(
                Change.deleted(ChangeKind.MEMBER, Change.memberKey(id, m.userId), new MemberResponse(m.userId))));
        assignments.removedWith(work, dev.rolegate.engine.AssigneeKind.GROUP, id);
        GroupEntity.delete("accountId = ?1 and id = ?2", account, id);
        work.record(Change.deleted(ChangeKind.GROUP, Change.groupKey(id), before));
        return work.revision();
        });
    }

    @Transactional
    public GroupResponse getGroup(String account, String id) {
        return view(requireGroup(account, id));
    }

    @Transactional
    public Page<GroupResponse> listGroups(String account, String after, int limit) {
        return listGroups(account, GroupSearch.ALL, after, limit);
    }

    /** The groups matching {@code search}, by id, with the total of the search: one SQL statement. */
    @Transactional
    public Page<GroupResponse> listGroups(String account, GroupSearch search, String after, int limit) {
        return queries.groups(account, search, after, limit);
    }

    /** Adds a user to a group; 200 when already a member. */
    @Transactional
    public Written<MemberResponse> addMember(String account, String group, String user) {
        return addMember(account, group, user, null);
    }

    /**
     * Adds a user to a group on behalf of an admin who holds {@code grantorHolds}: membership
     * hands out the group's roles, so their permissions must all be held (no escalation through
     * a group).
     *
     * @param grantorHolds the admin's permissions, or null for a trusted caller
     */
    @Transactional
    public Written<MemberResponse> addMember(String account, String group, String user, java.util.Set<String> grantorHolds) {
        return writes.in(account, callers.attribution(), work -> {
        requireGroup(account, group);
        requireUser(account, user);
        if (grantorHolds != null) {
            EscalationGuard.requireHeld(grantorHolds, assignments.groupPermissions(account, group),
                    "Adding a member to group '" + group + "' would grant");
        }
        boolean exists = GroupMemberEntity.count("accountId = ?1 and groupId = ?2 and userId = ?3",
                account, group, user) > 0;
        if (!exists) {
            GroupMemberEntity member = new GroupMemberEntity();
            member.accountId = account;
            member.groupId = group;
            member.userId = user;
            member.persist();
            work.record(Change.created(ChangeKind.MEMBER, Change.memberKey(group, user), new MemberResponse(user)));
        }
        escalation.requireNoGainBeyond(account, grantorHolds);
        return new Written<>(new MemberResponse(user), work.revision(), !exists);
        });
    }

    @Transactional
    public long removeMember(String account, String group, String user) {
        return removeMember(account, group, user, null);
    }

    /**
     * Removes a user from a group on behalf of an admin who holds {@code grantorHolds}: the user
     * loses the group's roles, so the admin must hold all their permissions (issue 11 item 1).
     *
     * @param grantorHolds the admin's permissions, or null for a trusted caller
     * @throws ProblemException 403 {@code forbidden} naming the permissions the admin lacks;
     *         404 {@code member_not_found}; 409 {@code last_owner}
     */
    @Transactional
    public long removeMember(String account, String group, String user, java.util.Set<String> grantorHolds) {
        return writes.in(account, callers.attribution(), work -> {
        if (grantorHolds != null) {
            EscalationGuard.requireHeld(grantorHolds, assignments.groupPermissions(account, group),
                    "Removing a member from group '" + group + "' would take away");
        }
        if (GroupMemberEntity.delete("accountId = ?1 and groupId = ?2 and userId = ?3", account, group, user) == 0) {
            throw ProblemException.notFound("member_not_found", "User '" + user + "' is not a member of group '" + group + "'.");
        }
        work.record(Change.deleted(ChangeKind.MEMBER, Change.memberKey(group, user), new MemberResponse(user)));
        return work.revision();
        });
    }

    @Transactional
    public MemberResponse getMember(String account, String group, String user) {
        requireGroup(account, group);
        if (GroupMemberEntity.count("accountId = ?1 and groupId = ?2 and userId = ?3", account, group, user) == 0) {
            throw ProblemException.notFound("member_not_found", "User '" + user + "' is not a member of group '" + group + "'.");
        }
        return new MemberResponse(user);
    }

    @Transactional
    public Page<MemberResponse> listMembers(String account, String group, String after, int limit) {
        requireGroup(account, group);
        List<GroupMemberEntity> rows = GroupMemberEntity.<GroupMemberEntity>find(
                "accountId = ?1 and groupId = ?2 and userId > ?3 order by userId",
                account, group, after == null ? "" : after).page(0, limit + 1).list();
        return Page.of(rows.stream().map(m -> new MemberResponse(m.userId)).toList(), limit, MemberResponse::id);
    }

    /** The user, or 404 {@code user_not_found}. */
    public UserEntity requireUser(String account, String id) {
        UserEntity user = UserEntity.findById(new AccountScopedKey(account, id));
        if (user == null) {
            throw userNotFound(id);
        }
        return user;
    }

    @Override
    public void requireExists(String account, dev.rolegate.engine.AssigneeKind kind, String id) {
        if (kind == dev.rolegate.engine.AssigneeKind.USER) {
            requireUser(account, id);
        } else {
            requireGroup(account, id);
        }
    }

    /** The group, or 404 {@code group_not_found}. */
    public GroupEntity requireGroup(String account, String id) {
        GroupEntity group = GroupEntity.findById(new AccountScopedKey(account, id));
        if (group == null) {
            throw groupNotFound(id);
        }
        return group;
    }

    private static ProblemException userNotFound(String id) {
        return ProblemException.notFound("user_not_found", "No user '" + id + "' in this account.");
    }

    private static ProblemException groupNotFound(String id) {
        return ProblemException.notFound("group_not_found", "No group '" + id + "' in this account.");
    }

    static UserResponse view(UserEntity u) {
        return new UserResponse(u.id, u.email, u.displayName, u.status, u.source);
    }

    static GroupResponse view(GroupEntity g) {
        return new GroupResponse(g.id, g.displayName, g.source);
    }

    /** The user, or empty when there is none. */
    @Transactional
    public java.util.Optional<UserResponse> findUser(String account, String id) {
        return java.util.Optional.ofNullable(UserEntity.<UserEntity>findById(new AccountScopedKey(account, id)))
                .map(DirectoryService::view);
    }

    /**
     * Account creation's part: the owner, a {@code local} user (its id is its email when it looks
     * like one), inside the creation's unit of work, recorded for the feed without an audit entry
     * of its own.
     */
    public void seedOwner(dev.rolegate.change.Work work, String owner, java.time.Instant now) {
        UserEntity user = new UserEntity();
        user.accountId = work.account();
        user.id = owner;
        user.email = owner.contains("@") ? owner : null;
        user.createdAt = now;
        user.updatedAt = now;
        user.persist();
        work.recordWithoutEntry(Change.created(ChangeKind.USER, Change.userKey(user.id),
                new UserResponse(user.id, user.email, user.displayName, user.status, user.source)));
    }

    /** The user an identity source knows by {@code externalId} (its stable id there), or empty. */
    @Transactional
    public java.util.Optional<UserResponse> findBySource(String account, String source, String externalId) {
        return UserEntity.<UserEntity>find("accountId = ?1 and source = ?2 and externalId = ?3", account, source, externalId)
                .firstResultOptional().map(DirectoryService::view);
    }

    /**
     * An identity source's new user (JIT provisioning), active, inside the source's unit of work,
     * recorded for the feed without an audit entry of its own (the login's entry names the user).
     * The caller has made sure that no user {@code id} exists.
     */
    public UserResponse createFromSource(dev.rolegate.change.Work work, String id, String source, String externalId,
                                         String email, String displayName, java.time.Instant now) {
        UserEntity user = new UserEntity();
        user.accountId = work.account();
        user.id = id;
        user.source = source;
        user.externalId = externalId;
        user.status = "active";
        user.createdAt = now;
        user.updatedAt = now;
        user.email = email;
        user.displayName = displayName;
        user.persist();
        UserResponse created = view(user);
        work.recordWithoutEntry(Change.created(ChangeKind.USER, Change.userKey(id), created));
        return created;
    }

    /**
     * An identity source's fresh view of an existing user: the email and display name it sent
     * (absent ones stay as they are), recorded for the feed only when something changed.
     */
    public UserResponse refreshFromSource(dev.rolegate.change.Work work, String id, java.util.Optional<String> email,
                                          java.util.Optional<String> displayName, java.time.Instant now) {
        UserEntity user = requireUser(work.account(), id);
        UserResponse before = view(user);
        if (email.isPresent()) {
            user.email = email.get();
        }
        if (displayName.isPresent()) {
            user.displayName = displayName.get();
        }
        user.updatedAt = now;
        UserResponse after = view(user);
        if (!before.equals(after)) {
            work.recordWithoutEntry(Change.updated(ChangeKind.USER, Change.userKey(id), before, after));
        }
        return after;
    }

    /**
     * An identity source's whole view of one user (SCIM provisioning): creates the user with
     * {@code source} and {@code externalId} when {@code id} is new, else sets its email, display
     * name and status (its source stays: a linked user keeps the source that made it). Recorded
     * with an audit entry of its own when something changed; inside the source's unit of work.
     *
     * @param status {@code active} or {@code disabled}
     */
    public UserResponse putFromSource(dev.rolegate.change.Work work, String id, String source, String externalId,
                                      String email, String displayName, String status, java.time.Instant now) {
        UserEntity user = UserEntity.findById(new AccountScopedKey(work.account(), id));
        UserResponse before = user == null ? null : view(user);
        if (user == null) {
            user = new UserEntity();
            user.accountId = work.account();
            user.id = id;
            user.source = source;
            user.externalId = externalId;
            user.createdAt = now;
        }
        user.email = email;
        user.displayName = displayName;
        user.status = status;
        user.updatedAt = now;
        if (before == null) {
            user.persist();
        }
        UserResponse after = view(user);
        if (!after.equals(before)) {
            work.record(Change.put(ChangeKind.USER, Change.userKey(id), before, after));
        }
        return after;
    }

    /**
     * An identity source's new group, inside the source's unit of work, with an audit entry.
     * The caller has made sure that no group {@code id} exists.
     */
    public GroupResponse createGroupFromSource(dev.rolegate.change.Work work, String id, String source, String externalId,
                                               String displayName, java.time.Instant now) {
        GroupEntity group = new GroupEntity();
        group.accountId = work.account();
        group.id = id;
        group.source = source;
        group.externalId = externalId;
        group.displayName = displayName;
        group.createdAt = now;
        group.updatedAt = now;
        group.persist();
        GroupResponse created = view(group);
        work.record(Change.created(ChangeKind.GROUP, Change.groupKey(id), created));
        return created;
    }

    /** An identity source's new display name for one of its groups, recorded when it changed. */
    public GroupResponse renameGroupFromSource(dev.rolegate.change.Work work, String id, String displayName, java.time.Instant now) {
        GroupEntity group = requireGroup(work.account(), id);
        GroupResponse before = view(group);
        group.displayName = displayName;
        group.updatedAt = now;
        GroupResponse after = view(group);
        if (!after.equals(before)) {
            work.record(Change.updated(ChangeKind.GROUP, Change.groupKey(id), before, after));
        }
        return after;
    }
}
