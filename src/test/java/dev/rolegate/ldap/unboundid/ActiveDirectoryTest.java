package dev.rolegate.ldap.unboundid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Attribute;
import dev.rolegate.ldap.CurrentState;
import dev.rolegate.ldap.DirectoryEntryGroup;
import dev.rolegate.ldap.DirectoryEntryUser;
import dev.rolegate.ldap.DirectoryProbe;
import dev.rolegate.ldap.DirectoryRead;
import dev.rolegate.ldap.DirectoryReader;
import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.PlanOptions;
import dev.rolegate.ldap.Secret;
import dev.rolegate.ldap.SyncChanges;
import dev.rolegate.ldap.SyncMode;
import dev.rolegate.ldap.SyncPlan;
import dev.rolegate.ldap.SyncPlanner;
import dev.rolegate.ldap.Watermark;
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

/** An Active Directory look-alike ({@code ldap/active-directory.ldif}): objectGUID, userAccountControl, USNs, memberOf. */
class ActiveDirectoryTest {

    static final String BASE = "DC=corp,DC=example,DC=test";
    static TestDirectory directory;

    @BeforeAll
    static void start() {
        directory = TestDirectory.builder(BASE).withoutSchema().ldif("active-directory.ldif")
                .rootDse(new Attribute("supportedCapabilities", UnboundIdDirectoryReader.ACTIVE_DIRECTORY_CAPABILITY))
                .rootDse(new Attribute("highestCommittedUSN", "1010"))
                .start();
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    static LdapSettings settings(LdapSettings.Membership membership) {
        return LdapSettings.builder()
                .url(directory.ldapUrl()).allowPlaintext(true)
                .bindDn(directory.bindDn()).bindPassword(Secret.of(TestDirectory.PASSWORD))
                .userBaseDn("OU=Staff," + BASE).userFilter("(objectClass=user)")
                .groupBaseDn("OU=Groups," + BASE).groupFilter("(objectClass=group)")
                .membership(membership)
                .attributes(new LdapSettings.AttributeMapping("objectGUID", "sAMAccountName", "mail", "displayName",
                        "userAccountControl"))
                .groupRoles(Map.of("CN=Everyone,OU=Groups," + BASE, List.of("viewer"),
                        "cn=domain admins,ou=groups,dc=corp,dc=example,dc=test", List.of("admin")))
                .build();
    }

    static DirectoryRead read(LdapSettings settings, Watermark since) throws Exception {
        try (DirectoryReader reader = new UnboundIdDirectory().open(settings, LdapClientOptions.defaults())) {
            return since == null ? reader.readFull() : reader.readChanges(since);
        }
    }

    static Map<String, DirectoryEntryUser> bySam(DirectoryRead read) {
        return read.users().stream().collect(Collectors.toMap(DirectoryEntryUser::userId, Function.identity()));
    }

    @Test
    void objectGuidBecomesTheCanonicalGuidString() throws Exception {
        DirectoryRead read = read(settings(LdapSettings.Membership.MEMBER), null);
        assertTrue(read.complete(), read.problems()::toString);
        Map<String, DirectoryEntryUser> users = bySam(read);
        assertEquals("3f2504e0-4f89-11d3-9a0c-0305e82c3301", users.get("ann").stableId());
        assertEquals("6ba7b810-9dad-11d1-80b4-00c04fd430c8", users.get("dan").stableId());
        assertEquals(Set.of("deadbeef-0000-4000-8000-000000000001", "deadbeef-0000-4000-8000-000000000002"),
                read.groups().stream().map(DirectoryEntryGroup::stableId).collect(Collectors.toSet()));
    }

    @Test
    void guidConversionSwapsTheFirstThreeFieldsOnly() {
        byte[] octets = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10};
        assertEquals("04030201-0605-0807-090a-0b0c0d0e0f10", ObjectGuid.toString(octets));
        assertEquals("04030201-0605-0807-090a-0b0c0d0e0f10", ObjectGuid.toString(ObjectGuid.toOctets("04030201-0605-0807-090a-0b0c0d0e0f10")));
    }

    @Test
    void userAccountControlBitTwoDisables() throws Exception {
        Map<String, DirectoryEntryUser> users = bySam(read(settings(LdapSettings.Membership.MEMBER), null));
        assertFalse(users.get("ann").disabled(), "512");
        assertTrue(users.get("dan").disabled(), "514");
        assertTrue(users.get("eve").disabled(), "66050 = 0x10202");
        assertFalse(users.get("fay").disabled(), "66048 = 0x10200");
        assertEquals(null, users.get("eve").email());
    }

    @Test
    void theWatermarkIsTheHighestCommittedUsnAndChangesAreReadAfterIt() throws Exception {
        DirectoryRead full = read(settings(LdapSettings.Membership.MEMBER), null);
        assertEquals(Watermark.usnChanged(1010), full.highWatermark());

        DirectoryRead changes = read(settings(LdapSettings.Membership.MEMBER), Watermark.usnChanged(1002));
        assertEquals(SyncMode.INCREMENTAL, changes.mode());
        assertEquals(Set.of("eve", "fay"), bySam(changes).keySet(), "uSNChanged >= 1003");
        assertTrue(changes.groupsRead(), "Domain Admins changed at 1003, so all groups are read again");
        assertEquals(2, changes.groups().size());

        DirectoryRead nothing = read(settings(LdapSettings.Membership.MEMBER), Watermark.usnChanged(1010));
        assertEquals(List.of(), nothing.users());
        assertFalse(nothing.groupsRead());
    }

    @Test
    void memberAndMemberOfGiveTheSameEffectiveRoles() throws Exception {
        assertEquals(roles(LdapSettings.Membership.MEMBER), roles(LdapSettings.Membership.MEMBER_OF));
        assertEquals(new TreeSet<>(Set.of("ann:admin", "ann:viewer", "fay:viewer")), roles(LdapSettings.Membership.MEMBER));
    }

    @Test
    void probeCountsAndRecognisesActiveDirectory() throws Exception {
        LdapSettings settings = settings(LdapSettings.Membership.MEMBER).toBuilder()
                .groupRoles(Map.of("CN=Nobody,OU=Groups," + BASE, List.of("viewer"))).build();
        try (DirectoryReader reader = new UnboundIdDirectory().open(settings, LdapClientOptions.defaults())) {
            DirectoryProbe probe = reader.probe();
            assertEquals(4, probe.users());
            assertEquals(2, probe.groups());
            assertTrue(probe.activeDirectory());
            assertEquals(List.of("CN=Nobody,OU=Groups," + BASE), probe.unmappedGroupDns());
        }
    }

    private static TreeSet<String> roles(LdapSettings.Membership membership) throws Exception {
        LdapSettings settings = settings(membership);
        DirectoryRead read = read(settings, null);
        Map<String, String> samById = read.users().stream()
                .collect(Collectors.toMap(DirectoryEntryUser::stableId, DirectoryEntryUser::userId));
        SyncChanges changes = assertInstanceOf(SyncPlan.Ready.class,
                SyncPlanner.plan(read, CurrentState.empty(), PlanOptions.of(settings, new UnboundIdDirectory()::dn))).changes();
        return changes.assignmentsToAdd().stream().map(a -> samById.get(a.userStableId()) + ":" + a.role())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
