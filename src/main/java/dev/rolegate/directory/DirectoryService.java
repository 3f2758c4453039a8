package dev.rolegate.directory;

import dev.rolegate.account.OwnerGuard;
import dev.rolegate.account.Revisions;
import dev.rolegate.audit.AuditLog;
import dev.rolegate.directory.api.GroupResponse;
import dev.rolegate.directory.api.MemberResponse;
import dev.rolegate.directory.api.UserResponse;
import dev.rolegate.directory.store.GroupEntity;
import dev.rolegate.directory.store.GroupMemberEntity;
import dev.rolegate.directory.store.UserEntity;
import dev.rolegate.platform.AccountScopedKey;
import dev.rolegate.platform.ETags;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.Written;
import dev.rolegate.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Use cases on users, groups and memberships. Each write bumps the account's revision in its
 * transaction.
 */
@ApplicationScoped
public class DirectoryService {

    @Inject
    Revisions revisions;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    @Inject
    OwnerGuard owners;

    @Inject
    dev.rolegate.access.AccessService access;

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
        long revision = revisions.next(account);
        UserEntity user = UserEntity.findById(new AccountScopedKey(account, id));
        ETags.requireMatch(ifMatch, user == null ? null : view(user), "user '" + id + "'");
        long ownersBefore = owners.activeOwners(account);
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
        audit.record(account, revision, created ? "user.create" : "user.update", "user:" + id, before, after);
        owners.requireOwnerRemains(account, ownersBefore);
        return new Written<>(after, revision, created);
    }

    /** Deletes a user with its memberships and assignments. */
    @Transactional
    public long deleteUser(String account, String id) {
        return deleteUser(account, id, null);
    }

    /** {@link #deleteUser(String, String)} only if the user's ETag matches {@code ifMatch} (null: always). */
    @Transactional
    public long deleteUser(String account, String id, String ifMatch) {
        long revision = revisions.next(account);
        UserResponse before = view(requireUser(account, id));
        ETags.requireMatch(ifMatch, before, "user '" + id + "'");
        long ownersBefore = owners.activeOwners(account);
        UserEntity.delete("accountId = ?1 and id = ?2", account, id);
        owners.requireOwnerRemains(account, ownersBefore);
        audit.record(account, revision, "user.delete", "user:" + id, before, null);
        return revision;
    }

    @Transactional
    public UserResponse getUser(String account, String id) {
        return view(requireUser(account, id));
    }

    @Transactional
    public Page<UserResponse> listUsers(String account, String after, int limit) {
        List<UserEntity> rows = UserEntity.<UserEntity>find("accountId = ?1 and id > ?2 order by id",
                account, after == null ? "" : after).page(0, limit + 1).list();
        return Page.of(rows.stream().map(DirectoryService::view).toList(), limit, UserResponse::id);
    }

    /** Creates or updates a group ({@code local} when new). */
    @Transactional
    public Written<GroupResponse> putGroup(String account, String id, String displayName) {
        return putGroup(account, id, displayName, null);
    }

    /** {@link #putGroup(String, String, String)} only if the group's ETag matches {@code ifMatch} (null: always). */
    @Transactional
    public Written<GroupResponse> putGroup(String account, String id, String displayName, String ifMatch) {
        long revision = revisions.next(account);
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
        audit.record(account, revision, created ? "group.create" : "group.update", "group:" + id, before, after);
        return new Written<>(after, revision, created);
    }

    /** Deletes a group with its memberships and role assignments. */
    @Transactional
    public long deleteGroup(String account, String id) {
        return deleteGroup(account, id, null);
    }

    /** {@link #deleteGroup(String, String)} only if the group's ETag matches {@code ifMatch} (null: always). */
    @Transactional
    public long deleteGroup(String account, String id, String ifMatch) {
        long revision = revisions.next(account);
        GroupResponse before = view(requireGroup(account, id));
        ETags.requireMatch(ifMatch, before, "group '" + id + "'");
        long ownersBefore = owners.activeOwners(account);
        GroupEntity.delete("accountId = ?1 and id = ?2", account, id);
        owners.requireOwnerRemains(account, ownersBefore);
        audit.record(account, revision, "group.delete", "group:" + id, before, null);
        return revision;
    }

    @Transactional
    public GroupResponse getGroup(String account, String id) {
        return view(requireGroup(account, id));
    }

    @Transactional
    public Page<GroupResponse> listGroups(String account, String after, int limit) {
        List<GroupEntity> rows = GroupEntity.<GroupEntity>find("accountId = ?1 and id > ?2 order by id",
                account, after == null ? "" : after).page(0, limit + 1).list();
        return Page.of(rows.stream().map(DirectoryService::view).toList(), limit, GroupResponse::id);
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
        long revision = revisions.next(account);
        requireGroup(account, group);
        requireUser(account, user);
        if (grantorHolds != null) {
            dev.rolegate.access.AccessService.requireHeld(grantorHolds, access.groupPermissions(account, group),
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
            audit.record(account, revision, "member.add", "group:" + group + "/member:" + user, null, new MemberResponse(user));
        }
        return new Written<>(new MemberResponse(user), revision, !exists);
    }

    @Transactional
    public long removeMember(String account, String group, String user) {
        long revision = revisions.next(account);
        long ownersBefore = owners.activeOwners(account);
        if (GroupMemberEntity.delete("accountId = ?1 and groupId = ?2 and userId = ?3", account, group, user) == 0) {
            throw ProblemException.notFound("member_not_found", "User '" + user + "' is not a member of group '" + group + "'.");
        }
        audit.record(account, revision, "member.remove", "group:" + group + "/member:" + user, new MemberResponse(user), null);
        owners.requireOwnerRemains(account, ownersBefore);
        return revision;
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
}
