package dev.rolegate.ldap.unboundid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.ldap.CurrentState;
import dev.rolegate.ldap.DirectoryEntryGroup;
import dev.rolegate.ldap.DirectoryEntryUser;
import dev.rolegate.ldap.DirectoryRead;
import dev.rolegate.ldap.DirectoryReader;
import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.PlanOptions;
import dev.rolegate.ldap.SyncChanges;
import dev.rolegate.ldap.SyncMode;
import dev.rolegate.ldap.SyncPlan;
import dev.rolegate.ldap.SyncPlanner;
import dev.rolegate.ldap.testing.TestDirectory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reading an OpenLDAP-style directory seeded from {@code ldap/directory.ldif}. */
class DirectoryReadTest {

    static TestDirectory directory;
    static final UnboundIdDirectory LDAP = new UnboundIdDirectory();

    @BeforeAll
    static void start() {
        directory = TestDirectory.builder("dc=example,dc=test").ldif("directory.ldif").start();
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    static DirectoryRead readFull(LdapSettings settings) throws Exception {
        try (DirectoryReader reader = LDAP.open(settings, LdapClientOptions.defaults())) {
            return reader.readFull();
        }
    }

    static LdapSettings settings() {
        return directory.settings()
                .attributes(new LdapSettings.AttributeMapping("entryUUID", "uid", "mail", "displayName", "employeeType"))
                .build();
    }

    static Map<String, DirectoryEntryUser> byUid(DirectoryRead read) {
        return read.users().stream().collect(Collectors.toMap(DirectoryEntryUser::userId, Function.identity()));
    }

    static Map<String, DirectoryEntryGroup> byName(DirectoryRead read) {
        return read.groups().stream().collect(Collectors.toMap(DirectoryEntryGroup::name, Function.identity()));
    }

    @Test
    void readsUsersWithStableIdsAndAttributes() throws Exception {
        DirectoryRead read = readFull(settings());

        assertTrue(read.complete(), read.problems()::toString);
        assertEquals(SyncMode.FULL, read.mode());
        assertEquals(Set.of("alice", "bob", "obrien", "zoe", "carol", "dave"), byUid(read).keySet(),
                "cn=ghost is outside the user base DN");
        DirectoryEntryUser alice = byUid(read).get("alice");
        assertTrue(alice.stableId().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
                "entryUUID, lowercase: " + alice.stableId());
        assertEquals("alice@example.test", alice.email());
        assertEquals("Alice Archer", alice.displayName());
        assertTrue(byUid(read).get("carol").disabled(), "employeeType TRUE");
        assertFalse(byUid(read).get("dave").disabled(), "employeeType false");
        assertNotNull(read.highWatermark(), "modifyTimestamp gives a watermark");
    }

    @Test
    void escapedAndNonAsciiDnsMatchHoweverTheyAreSpelled() throws Exception {
        DirectoryRead read = readFull(settings());
        DirectoryEntryUser obrien = byUid(read).get("obrien");
        DirectoryEntryUser zoe = byUid(read).get("zoe");
        assertEquals("Zoë Müller", zoe.displayName());
        assertTrue(zoe.dn().value().startsWith("cn=Zoë,"), zoe.dn().value());

        // The group spells them UID=obrien+CN=O\, Brien,OU=People,... and cn=Zo\C3\AB,...
        DirectoryEntryGroup analysts = byName(read).get("analysts");
        assertTrue(analysts.memberDns().contains(obrien.dn()), analysts.memberDns()::toString);
        assertTrue(analysts.memberDns().contains(zoe.dn()), analysts.memberDns()::toString);
        assertEquals(LDAP.dn("uid=obrien+cn=O\\2c brien,ou=people,dc=example,dc=test"), obrien.dn());
    }

    @Test
    void nestedAndCyclicGroupsAreReadAsSubgroups() throws Exception {
        DirectoryRead read = readFull(settings());
        Map<String, DirectoryEntryGroup> groups = byName(read);

        assertEquals(List.of(groups.get("backend").dn()), groups.get("engineering").subgroups());
        assertEquals(List.of(groups.get("cycle-b").dn()), groups.get("cycle-a").subgroups());
        assertEquals(List.of(groups.get("cycle-a").dn()), groups.get("cycle-b").subgroups());
        assertEquals(1, groups.get("engineering").memberDns().size());
    }

    @Test
    void aPlanFromTheReadGivesRolesThroughNestingAndCycles() throws Exception {
        LdapSettings settings = settings().toBuilder().groupRoles(Map.of(
                "CN=Engineering,OU=Groups,DC=example,DC=test", List.of("engineer"),
                "cn=cycle-b,ou=groups,dc=example,dc=test", List.of("cyclist"),
                "cn=analysts,ou=groups,dc=example,dc=test", List.of("analyst"))).build();
        DirectoryRead read = readFull(settings);
        Map<String, String> uidByStableId = read.users().stream()
                .collect(Collectors.toMap(DirectoryEntryUser::stableId, DirectoryEntryUser::userId));

        SyncPlan plan = SyncPlanner.plan(read, CurrentState.empty(), PlanOptions.of(settings, LDAP::dn));

        SyncChanges changes = assertInstanceOf(SyncPlan.Ready.class, plan).changes();
        Set<String> roles = changes.assignmentsToAdd().stream()
                .map(a -> uidByStableId.get(a.userStableId()) + ":" + a.role())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("alice:engineer", "bob:engineer", "carol:cyclist", "dave:cyclist",
                "alice:analyst", "obrien:analyst", "zoe:analyst")), roles);
        assertEquals(6, changes.counts().usersCreated());
        assertEquals(5, changes.counts().groupsCreated());
        assertEquals(List.of(), changes.warnings());
    }
}
