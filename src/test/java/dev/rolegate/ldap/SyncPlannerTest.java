package dev.rolegate.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.ldap.CurrentState.Assignment;
import dev.rolegate.ldap.CurrentState.Group;
import dev.rolegate.ldap.CurrentState.Membership;
import dev.rolegate.ldap.CurrentState.Source;
import dev.rolegate.ldap.CurrentState.User;
import dev.rolegate.ldap.SyncChanges.AssignmentChange;
import dev.rolegate.ldap.SyncChanges.MembershipChange;
import dev.rolegate.ldap.SyncChanges.UserField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure sync planner: identity, provenance, nesting, safety rules (issue 6 acceptance). */
class SyncPlannerTest {

    private static final String PEOPLE = ",ou=people,dc=example,dc=test";
    private static final String GROUPS = ",ou=groups,dc=example,dc=test";

    // ---- fixtures -------------------------------------------------------------------------

    /** Tests stand in for the adapter: the key of a DN is its lowercase form. */
    static DirectoryDn dn(String value) {
        return new DirectoryDn(value, value.toLowerCase(Locale.ROOT));
    }

    static DirectoryEntryUser person(String stableId, String uid) {
        return new DirectoryEntryUser(stableId, dn("uid=" + uid + PEOPLE), uid, uid + "@example.test", "User " + uid, false);
    }

    static DirectoryEntryGroup group(String stableId, String cn, List<String> memberUids, List<String> subgroupCns) {
        return new DirectoryEntryGroup(stableId, dn("cn=" + cn + GROUPS), cn,
                memberUids.stream().map(uid -> dn("uid=" + uid + PEOPLE)).toList(),
                subgroupCns.stream().map(sub -> dn("cn=" + sub + GROUPS)).toList());
    }

    static User ldapUser(String stableId, String uid, UserStatus status) {
        return new User(uid, Source.LDAP, stableId, dn("uid=" + uid + PEOPLE), uid + "@example.test", "User " + uid, status);
    }

    static User ldapUser(String stableId, String uid) {
        return ldapUser(stableId, uid, UserStatus.ACTIVE);
    }

    static Group ldapGroup(String stableId, String cn) {
        return new Group("ldap-" + cn, Source.LDAP, stableId, dn("cn=" + cn + GROUPS), cn);
    }

    static DirectoryRead full(List<DirectoryEntryUser> users, List<DirectoryEntryGroup> groups) {
        return new DirectoryRead(SyncMode.FULL, users, groups, true, true, List.of(), null);
    }

    static PlanOptions options(Map<String, Set<String>> roles) {
        return options(roles, LdapSettings.Deprovision.DISABLE, 10, true);
    }

    static PlanOptions options(Map<String, Set<String>> roles, LdapSettings.Deprovision deprovision, int max,
                               boolean nested) {
        Map<DirectoryDn, Set<String>> byDn = new java.util.TreeMap<>();
        roles.forEach((cn, names) -> byDn.put(dn("cn=" + cn + GROUPS), names));
        return new PlanOptions(deprovision, max, nested, byDn);
    }

    static SyncChanges ready(SyncPlan plan) {
        return assertInstanceOf(SyncPlan.Ready.class, plan, () -> "expected a ready plan, got " + plan).changes();
    }

    static CurrentState state(List<User> users, List<Group> groups, List<Membership> memberships,
                              List<Assignment> assignments) {
        return new CurrentState(users, groups, memberships, assignments);
    }

    static Assignment ldapRole(String userId, String role) {
        return new Assignment(AssigneeKind.USER, userId, role, AssignmentSource.LDAP);
    }

    /** Many active LDAP users u000.. with stable ids id-000.., and the same users as read. */
    static List<User> manyUsers(int count) {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(ldapUser(String.format("id-%03d", i), String.format("u%03d", i)));
        }
        return users;
    }

    static List<DirectoryEntryUser> manyPeople(int count) {
        List<DirectoryEntryUser> people = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            people.add(person(String.format("id-%03d", i), String.format("u%03d", i)));
        }
        return people;
    }

    // ---- tests ----------------------------------------------------------------------------

    @Test
    void firstFullRunCreatesUsersGroupsMembershipsAndRoles() {
        DirectoryRead read = full(
                List.of(person("u-1", "alice"), person("u-2", "bob")),
                List.of(group("g-1", "analysts", List.of("alice", "bob"), List.of()),
                        group("g-2", "admins", List.of("alice"), List.of())));
        SyncChanges changes = ready(SyncPlanner.plan(read, CurrentState.empty(),
                options(Map.of("analysts", Set.of("analyst"), "admins", Set.of("admin", "analyst")))));

        assertEquals(List.of("alice", "bob"), changes.usersToCreate().stream().map(SyncChanges.UserCreate::userId).toList());
        assertEquals(List.of("g-1", "g-2"), changes.groupsToCreate().stream().map(SyncChanges.GroupCreate::stableId).toList());
        assertEquals(List.of(new MembershipChange("g-1", "u-1"), new MembershipChange("g-1", "u-2"),
                new MembershipChange("g-2", "u-1")), changes.membershipsToAdd());
        assertEquals(List.of(new AssignmentChange("u-1", "admin"), new AssignmentChange("u-1", "analyst"),
                new AssignmentChange("u-2", "analyst")), changes.assignmentsToAdd());
        assertEquals(new SyncCounts(2, 0, 0, 2, 0, 0, 3, 0), changes.counts());
    }

    @Test
    void renameKeepsTheUserBecauseTheStableIdIsTheSame() {
        CurrentState current = state(List.of(ldapUser("u-1", "alice")), List.of(ldapGroup("g-1", "analysts")),
                List.of(new Membership("ldap-analysts", "alice")), List.of(ldapRole("alice", "analyst")));
        // Alice married: new uid, new DN (moved to another OU), same entryUUID.
        DirectoryEntryUser renamed = new DirectoryEntryUser("u-1", dn("uid=alice.smith,ou=staff,dc=example,dc=test"),
                "alice.smith", "alice.smith@example.test", "Alice Smith", false);
        DirectoryEntryGroup analysts = new DirectoryEntryGroup("g-1", dn("cn=analysts" + GROUPS), "analysts",
                List.of(renamed.dn()), List.of());

        SyncChanges changes = ready(SyncPlanner.plan(full(List.of(renamed), List.of(analysts)), current,
                options(Map.of("analysts", Set.of("analyst")))));

        assertEquals(List.of(), changes.usersToCreate());
        assertEquals(List.of(), changes.usersToDeprovision());
        assertEquals(1, changes.usersToUpdate().size());
        SyncChanges.UserUpdate update = changes.usersToUpdate().get(0);
        assertEquals("alice", update.currentId());
        assertEquals("alice.smith", update.userId());
        assertEquals(Set.of(UserField.USER_ID, UserField.DN, UserField.EMAIL, UserField.DISPLAY_NAME), update.changed());
        assertTrue(changes.membershipsToAdd().isEmpty() && changes.membershipsToRemove().isEmpty(),
                "memberships follow the stable id, not the DN");
        assertTrue(changes.assignmentsToAdd().isEmpty() && changes.assignmentsToRemove().isEmpty());
    }

    @Test
    void moveBetweenGroupsMovesMembershipAndRole() {
        CurrentState current = state(List.of(ldapUser("u-1", "alice")),
                List.of(ldapGroup("g-1", "analysts"), ldapGroup("g-2", "viewers")),
                List.of(new Membership("ldap-analysts", "alice")), List.of(ldapRole("alice", "analyst")));
        DirectoryRead read = full(List.of(person("u-1", "alice")),
                List.of(group("g-1", "analysts", List.of(), List.of()), group("g-2", "viewers", List.of("alice"), List.of())));

        SyncChanges changes = ready(SyncPlanner.plan(read, current,
                options(Map.of("analysts", Set.of("analyst"), "viewers", Set.of("viewer")))));

        assertEquals(List.of(new MembershipChange("g-2", "u-1")), changes.membershipsToAdd());
        assertEquals(List.of(new MembershipChange("g-1", "u-1")), changes.membershipsToRemove());
        assertEquals(List.of(new AssignmentChange("u-1", "viewer")), changes.assignmentsToAdd());
        assertEquals(List.of(new AssignmentChange("u-1", "analyst")), changes.assignmentsToRemove());
        assertEquals(List.of(), changes.usersToUpdate());
    }

    @Test
    void directoryDisabledFlagDisablesAndReturnReEnables() {
        List<User> users = new ArrayList<>(manyUsers(20));
        users.set(1, ldapUser("id-001", "u001", UserStatus.DISABLED));
        List<DirectoryEntryUser> people = new ArrayList<>(manyPeople(20));
        DirectoryEntryUser zero = people.get(0);
        people.set(0, new DirectoryEntryUser(zero.stableId(), zero.dn(), zero.userId(), zero.email(), zero.displayName(), true));

        SyncChanges changes = ready(SyncPlanner.plan(full(people, List.of()), state(users, List.of(), List.of(), List.of()),
                options(Map.of())));

        assertEquals(2, changes.usersToUpdate().size());
        SyncChanges.UserUpdate disabled = changes.usersToUpdate().get(0);
        assertEquals("u000", disabled.currentId());
        assertEquals(UserStatus.DISABLED, disabled.status());
        assertEquals(Set.of(UserField.STATUS), disabled.changed());
        SyncChanges.UserUpdate reEnabled = changes.usersToUpdate().get(1);
        assertEquals("u001", reEnabled.currentId());
        assertEquals(UserStatus.ACTIVE, reEnabled.status());
    }

    @Test
    void fullRunDisablesUsersWhoLeftAndDropsTheirLdapMembershipsAndRoles() {
        List<User> users = new ArrayList<>(manyUsers(20));
        users.add(ldapUser("id-gone", "gone"));
        users.add(ldapUser("id-old", "old", UserStatus.DISABLED));
        CurrentState current = state(users, List.of(ldapGroup("g-1", "analysts")),
                List.of(new Membership("ldap-analysts", "gone")),
                List.of(ldapRole("gone", "analyst"), new Assignment(AssigneeKind.USER, "gone", "auditor", AssignmentSource.MANUAL)));

        SyncChanges changes = ready(SyncPlanner.plan(
                full(manyPeople(20), List.of(group("g-1", "analysts", List.of(), List.of()))), current,
                options(Map.of("analysts", Set.of("analyst")))));

        assertEquals(List.of(new SyncChanges.UserDeprovision("gone", "id-gone", dn("uid=gone" + PEOPLE),
                LdapSettings.Deprovision.DISABLE)), changes.usersToDeprovision(), "an already disabled user is left alone");
        assertEquals(List.of(new MembershipChange("g-1", "id-gone")), changes.membershipsToRemove());
        assertEquals(List.of(new AssignmentChange("id-gone", "analyst")), changes.assignmentsToRemove(),
                "the manual auditor assignment stays");
        assertEquals(1, changes.counts().usersDeprovisioned());
    }

    @Test
    void deleteDeprovisioningDeletesEvenDisabledUsers() {
        List<User> users = new ArrayList<>(manyUsers(20));
        users.add(ldapUser("id-gone", "gone"));
        users.add(ldapUser("id-old", "old", UserStatus.DISABLED));

        SyncChanges changes = ready(SyncPlanner.plan(full(manyPeople(20), List.of()),
                state(users, List.of(), List.of(), List.of()),
                options(Map.of(), LdapSettings.Deprovision.DELETE, 10, true)));

        assertEquals(List.of("gone", "old"), changes.usersToDeprovision().stream().map(SyncChanges.UserDeprovision::userId).toList());
        assertTrue(changes.usersToDeprovision().stream().allMatch(d -> d.action() == LdapSettings.Deprovision.DELETE));
    }

    @Test
    void nestedGroupsPassMembersAndRolesUpwards() {
        // engineering ∋ backend ∋ alice; roles on engineering reach alice only with nesting.
        DirectoryRead read = full(List.of(person("u-1", "alice"), person("u-2", "bob")),
                List.of(group("g-eng", "engineering", List.of("bob"), List.of("backend")),
                        group("g-be", "backend", List.of("alice"), List.of())));
        Map<String, Set<String>> roles = Map.of("engineering", Set.of("engineer"));

        SyncChanges nested = ready(SyncPlanner.plan(read, CurrentState.empty(), options(roles)));
        assertEquals(List.of(new MembershipChange("g-be", "u-1"), new MembershipChange("g-eng", "u-1"),
                new MembershipChange("g-eng", "u-2")), nested.membershipsToAdd());
        assertEquals(List.of(new AssignmentChange("u-1", "engineer"), new AssignmentChange("u-2", "engineer")),
                nested.assignmentsToAdd());

        SyncChanges flat = ready(SyncPlanner.plan(read, CurrentState.empty(),
                options(roles, LdapSettings.Deprovision.DISABLE, 10, false)));
        assertEquals(List.of(new AssignmentChange("u-2", "engineer")), flat.assignmentsToAdd());
    }

    @Test
    void cyclicGroupsEndAndShareTheirMembers() {
        // a ∋ b ∋ c ∋ a, one user in each: everyone is an effective member of every group.
        DirectoryRead read = full(List.of(person("u-1", "ann"), person("u-2", "ben"), person("u-3", "cat")),
                List.of(group("g-a", "a", List.of("ann"), List.of("b")),
                        group("g-b", "b", List.of("ben"), List.of("c")),
                        group("g-c", "c", List.of("cat"), List.of("a"))));

        SyncChanges changes = ready(SyncPlanner.plan(read, CurrentState.empty(), options(Map.of("c", Set.of("viewer")))));

        assertEquals(9, changes.membershipsToAdd().size());
        assertEquals(3, changes.assignmentsToAdd().size());
    }

    @Test
    void removalsOverTheThresholdAbortAndAtTheThresholdProceed() {
        CurrentState current = state(manyUsers(100), List.of(), List.of(), List.of());

        SyncPlan tooMany = SyncPlanner.plan(full(manyPeople(89), List.of()), current, options(Map.of()));
        SyncPlan.Aborted aborted = assertInstanceOf(SyncPlan.Aborted.class, tooMany);
        assertEquals(AbortReason.REMOVAL_THRESHOLD, aborted.reason());
        assertEquals(11, aborted.wouldBe().usersToDeprovision().size(), "the dry run can still show the diff");
        assertEquals(SyncCounts.NONE, aborted.counts(), "an aborted run changes nothing");
        assertTrue(aborted.message().contains("11 of 100"), aborted.message());

        SyncChanges tenPercent = ready(SyncPlanner.plan(full(manyPeople(90), List.of()), current, options(Map.of())));
        assertEquals(10, tenPercent.usersToDeprovision().size());
    }

    @Test
    void directoryDisablingManyUsersAlsoCountsAsRemoval() {
        CurrentState current = state(manyUsers(10), List.of(), List.of(), List.of());
        List<DirectoryEntryUser> people = manyPeople(10).stream()
                .map(p -> new DirectoryEntryUser(p.stableId(), p.dn(), p.userId(), p.email(), p.displayName(), true))
                .toList();
        // A wrong "disabled" mapping must not lock everyone out, even on an incremental run.
        DirectoryRead incremental = new DirectoryRead(SyncMode.INCREMENTAL, people, List.of(), false, true, List.of(), null);

        SyncPlan.Aborted aborted = assertInstanceOf(SyncPlan.Aborted.class,
                SyncPlanner.plan(incremental, current, options(Map.of())));
        assertEquals(AbortReason.REMOVAL_THRESHOLD, aborted.reason());
    }

    @Test
    void emptyFullReadAbortsWhileLdapUsersExist() {
        CurrentState current = state(manyUsers(3), List.of(), List.of(), List.of());

        SyncPlan.Aborted aborted = assertInstanceOf(SyncPlan.Aborted.class,
                SyncPlanner.plan(full(List.of(), List.of()), current, options(Map.of(), LdapSettings.Deprovision.DELETE, 100, true)));
        assertEquals(AbortReason.EMPTY_USER_RESULT, aborted.reason(), "even with the threshold at 100%");

        assertInstanceOf(SyncPlan.Ready.class, SyncPlanner.plan(full(List.of(), List.of()), CurrentState.empty(),
                options(Map.of())), "an empty directory on the first run is fine");
    }

    @Test
    void emptyGroupResultAbortsWhileLdapGroupsExist() {
        CurrentState current = state(manyUsers(3), List.of(ldapGroup("g-1", "analysts")), List.of(),
                List.of(ldapRole("u000", "analyst")));

        SyncPlan.Aborted aborted = assertInstanceOf(SyncPlan.Aborted.class,
                SyncPlanner.plan(full(manyPeople(3), List.of()), current, options(Map.of("analysts", Set.of("analyst")))));
        assertEquals(AbortReason.EMPTY_GROUP_RESULT, aborted.reason());
    }

    @Test
    void incompleteReadAbortsWithNothingToShow() {
        DirectoryRead partial = new DirectoryRead(SyncMode.FULL, manyPeople(5), List.of(), true, false,
                List.of("size limit exceeded after 5 entries"), null);

        SyncPlan.Aborted aborted = assertInstanceOf(SyncPlan.Aborted.class,
                SyncPlanner.plan(partial, state(manyUsers(10), List.of(), List.of(), List.of()), options(Map.of())));
        assertEquals(AbortReason.INCOMPLETE_READ, aborted.reason());
        assertTrue(aborted.message().contains("size limit"), aborted.message());
        assertTrue(aborted.wouldBe().isEmpty());
    }

    @Test
    void provenanceIsKept() {
        User saml = new User("sam@example.test", Source.SAML, null, null, "sam@example.test", "Sam", UserStatus.ACTIVE);
        User local = new User("lou", Source.LOCAL, null, null, null, "Lou", UserStatus.ACTIVE);
        Group manualGroup = new Group("ops", Source.LOCAL, null, null, "ops");
        CurrentState current = state(
                List.of(ldapUser("u-1", "alice"), saml, local),
                List.of(ldapGroup("g-1", "analysts"), manualGroup),
                List.of(new Membership("ldap-analysts", "lou"), // an admin put a local user in an LDAP group
                        new Membership("ops", "alice")),          // and an LDAP user in a local group
                List.of(new Assignment(AssigneeKind.USER, "alice", "admin", AssignmentSource.MANUAL),
                        new Assignment(AssigneeKind.USER, "alice", "viewer", AssignmentSource.SAML),
                        new Assignment(AssigneeKind.USER, "alice", "analyst", AssignmentSource.TEMPLATE),
                        new Assignment(AssigneeKind.USER, "sam@example.test", "analyst", AssignmentSource.LDAP),
                        new Assignment(AssigneeKind.GROUP, "ldap-analysts", "auditor", AssignmentSource.LDAP),
                        ldapRole("alice", "analyst")));
        // Alice left every group; nobody else is in the directory.
        DirectoryRead read = full(List.of(person("u-1", "alice")), List.of(group("g-1", "analysts", List.of(), List.of())));

        SyncChanges changes = ready(SyncPlanner.plan(read, current, options(Map.of("analysts", Set.of("analyst")))));

        assertEquals(List.of(new AssignmentChange("u-1", "analyst")), changes.assignmentsToRemove(),
                "only the ldap-sourced assignment of the LDAP user goes");
        assertEquals(List.of(), changes.membershipsToRemove(), "the local user stays in the LDAP group, alice in ops");
        assertEquals(List.of(), changes.usersToDeprovision(), "SAML and local users are not the directory's to remove");
        assertEquals(List.of(), changes.usersToUpdate());
    }

    @Test
    void incrementalRunsNeverDeprovision() {
        CurrentState current = state(manyUsers(10), List.of(), List.of(), List.of());
        DirectoryRead nothingChanged = new DirectoryRead(SyncMode.INCREMENTAL, List.of(), List.of(), false, true, List.of(), null);

        SyncChanges changes = ready(SyncPlanner.plan(nothingChanged, current,
                options(Map.of(), LdapSettings.Deprovision.DELETE, 0, true)));
        assertTrue(changes.isEmpty(), "an empty incremental read means nothing changed, not that everyone left");
    }

    @Test
    void incrementalRunWithChangedGroupsResolvesUnchangedMembersByTheirStoredDn() {
        CurrentState current = state(List.of(ldapUser("u-1", "alice"), ldapUser("u-2", "bob")),
                List.of(ldapGroup("g-1", "analysts")),
                List.of(new Membership("ldap-analysts", "alice")), List.of(ldapRole("alice", "analyst")));
        // Bob was added to analysts: the group changed, bob's own entry did not.
        DirectoryRead read = new DirectoryRead(SyncMode.INCREMENTAL, List.of(),
                List.of(group("g-1", "analysts", List.of("alice", "bob"), List.of())), true, true, List.of(), null);

        SyncChanges changes = ready(SyncPlanner.plan(read, current, options(Map.of("analysts", Set.of("analyst")))));

        assertEquals(List.of(new MembershipChange("g-1", "u-2")), changes.membershipsToAdd());
        assertEquals(List.of(new AssignmentChange("u-2", "analyst")), changes.assignmentsToAdd());
        assertEquals(List.of(), changes.membershipsToRemove());
    }

    @Test
    void userIdConflictsAreSkippedNotResolvedByForce() {
        User saml = new User("carol@example.test", Source.SAML, null, null, null, null, UserStatus.ACTIVE);
        CurrentState current = state(List.of(ldapUser("u-1", "alice"), saml), List.of(), List.of(), List.of());
        DirectoryRead read = full(List.of(
                        // alice's entry now claims an id a SAML user holds: she keeps hers
                        new DirectoryEntryUser("u-1", dn("uid=alice" + PEOPLE), "carol@example.test", null, null, false),
                        new DirectoryEntryUser("u-2", dn("uid=carol" + PEOPLE), "carol@example.test", null, null, false),
                        new DirectoryEntryUser("u-3", dn("uid=dan" + PEOPLE), "dan", null, null, false),
                        new DirectoryEntryUser("u-4", dn("uid=dan2" + PEOPLE), "dan", null, null, false),
                        new DirectoryEntryUser("u-5", dn("cn=Zoë" + PEOPLE), "Zoë", null, null, false),
                        new DirectoryEntryUser("u-6", dn("cn=nobody" + PEOPLE), null, null, null, false),
                        person("u-7", "erin")),
                List.of());

        SyncChanges changes = ready(SyncPlanner.plan(read, current, options(Map.of())));

        assertEquals(List.of("erin"), changes.usersToCreate().stream().map(SyncChanges.UserCreate::userId).toList());
        assertEquals(1, changes.usersToUpdate().size());
        assertEquals("alice", changes.usersToUpdate().get(0).userId(), "alice keeps her id");
        assertEquals(Set.of(UserField.EMAIL, UserField.DISPLAY_NAME), changes.usersToUpdate().get(0).changed(),
                "but her other fields still follow the directory");
        assertEquals(List.of(), changes.usersToDeprovision(), "a skipped existing user is still in the directory");
        assertEquals(List.of("u-1:duplicate_user_id", "u-2:duplicate_user_id", "u-3:duplicate_user_id",
                        "u-4:duplicate_user_id", "u-5:invalid_user_id", "u-6:missing_user_id"),
                changes.skipped().stream().map(s -> s.stableId() + ":" + s.reason()).toList());

        DirectoryRead takeover = full(List.of(new DirectoryEntryUser("u-1", dn("uid=alice,ou=moved,dc=example,dc=test"),
                "carol@example.test", "alice@example.test", "User alice", false)), List.of());
        SyncChanges refused = ready(SyncPlanner.plan(takeover, current, options(Map.of())));
        assertEquals("user_id_taken", refused.skipped().get(0).reason());
        assertEquals(Set.of(UserField.DN), refused.usersToUpdate().get(0).changed(), "the move still happens, the takeover not");
        assertEquals("alice", refused.usersToUpdate().get(0).userId());
    }

    @Test
    void groupRenameUpdatesAndVanishedGroupIsRemovedWithItsMemberships() {
        CurrentState current = state(List.of(ldapUser("u-1", "alice")),
                List.of(ldapGroup("g-1", "analysts"), ldapGroup("g-2", "retired")),
                List.of(new Membership("ldap-analysts", "alice"), new Membership("ldap-retired", "alice")),
                List.of(ldapRole("alice", "legacy")));
        DirectoryRead read = full(List.of(person("u-1", "alice")),
                List.of(group("g-1", "data-analysts", List.of("alice"), List.of())));

        SyncChanges changes = ready(SyncPlanner.plan(read, current, options(Map.of("retired", Set.of("legacy")))));

        assertEquals(1, changes.groupsToUpdate().size());
        assertEquals(Set.of(SyncChanges.GroupField.DN, SyncChanges.GroupField.NAME), changes.groupsToUpdate().get(0).changed());
        assertEquals(List.of("g-2"), changes.groupsToRemove().stream().map(SyncChanges.GroupRemoval::stableId).toList());
        assertEquals(List.of(new MembershipChange("g-2", "u-1")), changes.membershipsToRemove());
        assertEquals(List.of(new AssignmentChange("u-1", "legacy")), changes.assignmentsToRemove());
        assertEquals(1, changes.warnings().size(), "the mapping names a group the search no longer returns");
    }

    @Test
    void groupRolesMatchDnsByKeyNotBySpelling() {
        DirectoryEntryGroup admins = new DirectoryEntryGroup("g-1", new DirectoryDn("CN=Admins,OU=Groups,DC=example,DC=test",
                "cn=admins,ou=groups,dc=example,dc=test"), "Admins", List.of(dn("uid=alice" + PEOPLE)), List.of());
        PlanOptions options = new PlanOptions(LdapSettings.Deprovision.DISABLE, 10, true,
                Map.of(new DirectoryDn("cn=admins, ou=groups, dc=example, dc=test", "cn=admins,ou=groups,dc=example,dc=test"),
                        Set.of("admin")));

        SyncChanges changes = ready(SyncPlanner.plan(full(List.of(person("u-1", "alice")), List.of(admins)),
                CurrentState.empty(), options));

        assertEquals(List.of(new AssignmentChange("u-1", "admin")), changes.assignmentsToAdd());
        assertEquals(List.of(), changes.warnings());
    }

    @Test
    void samePlanWhateverTheInputOrder() {
        List<DirectoryEntryUser> people = new ArrayList<>(manyPeople(30));
        List<DirectoryEntryGroup> groups = new ArrayList<>();
        for (int g = 0; g < 5; g++) {
            List<String> members = new ArrayList<>();
            for (int i = g; i < 30; i += 5) {
                members.add(String.format("u%03d", i));
            }
            groups.add(group("g-" + g, "team" + g, members, g == 0 ? List.of() : List.of("team" + (g - 1))));
        }
        List<User> users = new ArrayList<>(manyUsers(40));
        PlanOptions options = options(Map.of("team4", Set.of("lead"), "team2", Set.of("member")),
                LdapSettings.Deprovision.DISABLE, 50, true);
        SyncPlan first = SyncPlanner.plan(full(people, groups), state(users, List.of(), List.of(), List.of()), options);

        Random random = new Random(6);
        for (int round = 0; round < 5; round++) {
            Collections.shuffle(people, random);
            Collections.shuffle(groups, random);
            Collections.shuffle(users, random);
            assertEquals(first, SyncPlanner.plan(full(people, groups), state(users, List.of(), List.of(), List.of()), options));
        }
    }
}
