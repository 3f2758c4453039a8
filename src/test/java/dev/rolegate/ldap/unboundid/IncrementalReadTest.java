package dev.rolegate.ldap.unboundid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.ldap.DirectoryEntryGroup;
import dev.rolegate.ldap.DirectoryEntryUser;
import dev.rolegate.ldap.DirectoryRead;
import dev.rolegate.ldap.DirectoryReader;
import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.SyncMode;
import dev.rolegate.ldap.Watermark;
import dev.rolegate.ldap.testing.TestDirectory;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Incremental reads by modifyTimestamp against the in-memory server (which maintains it). */
class IncrementalReadTest {

    static final UnboundIdDirectory LDAP = new UnboundIdDirectory();
    TestDirectory directory;
    DirectoryReader reader;

    @BeforeEach
    void start() throws Exception {
        directory = TestDirectory.builder("dc=example,dc=test").ldif("directory.ldif").start();
        reader = LDAP.open(directory.settings().build(), LdapClientOptions.defaults());
    }

    @AfterEach
    void stop() {
        reader.close();
        directory.close();
    }

    @Test
    void nothingChangedReadsNothingNotEvenTheLastEntriesAgain() throws Exception {
        Watermark mark = reader.readFull().highWatermark();
        assertNotNull(mark);
        assertEquals(Watermark.Kind.MODIFY_TIMESTAMP, mark.kind());
        assertFalse(mark.boundaryIds().isEmpty(), "the newest entries are remembered");

        DirectoryRead changes = reader.readChanges(mark);
        assertEquals(SyncMode.INCREMENTAL, changes.mode());
        assertEquals(List.of(), changes.users());
        assertFalse(changes.groupsRead(), "no group changed, so groups are not read");
        assertEquals(mark, changes.highWatermark());
    }

    @Test
    void aChangedUserIsReadAlone() throws Exception {
        Watermark mark = reader.readFull().highWatermark();
        directory.server().modify("dn: uid=bob,ou=people,dc=example,dc=test", "changetype: modify",
                "replace: mail", "mail: robert@example.test");

        DirectoryRead changes = reader.readChanges(mark);
        assertEquals(List.of("robert@example.test"), changes.users().stream().map(DirectoryEntryUser::email).toList());
        assertFalse(changes.groupsRead());
        assertTrue(changes.highWatermark().value().compareTo(mark.value()) >= 0);

        assertEquals(List.of(), reader.readChanges(changes.highWatermark()).users(), "and only once");
    }

    @Test
    void withMemberOfAnyChangeRereadsEveryUserIncludingThoseAtTheBoundary() throws Exception {
        try (TestDirectory memberOf = TestDirectory.builder("dc=example,dc=test").withoutSchema().ldif("directory.ldif").start();
             DirectoryReader memberOfReader = LDAP.open(memberOf.settings().membership(LdapSettings.Membership.MEMBER_OF).build(),
                     LdapClientOptions.defaults())) {
            // alice is changed last, so she is the newest entry: in the watermark's boundary set
            memberOf.server().modify("dn: uid=alice,ou=people,dc=example,dc=test", "changetype: modify",
                    "add: memberOf", "memberOf: cn=backend,ou=groups,dc=example,dc=test");
            DirectoryRead full = memberOfReader.readFull();
            DirectoryEntryUser alice = full.users().stream().filter(u -> u.userId().equals("alice")).findFirst().orElseThrow();
            assertTrue(full.highWatermark().boundaryIds().contains(alice.stableId()), full.highWatermark()::toString);

            memberOf.server().modify("dn: uid=bob,ou=people,dc=example,dc=test", "changetype: modify",
                    "replace: mail", "mail: robert@example.test");
            DirectoryRead changes = memberOfReader.readChanges(full.highWatermark());

            assertEquals(6, changes.users().size(), "memberOf lives on users: all are read again, alice too");
            assertTrue(changes.groupsRead());
            DirectoryEntryGroup backend = changes.groups().stream().filter(g -> g.name().equals("backend")).findFirst().orElseThrow();
            assertEquals(List.of(alice.dn()), backend.memberDns());
        }
    }

    @Test
    void aChangedGroupBringsAllGroupsBack() throws Exception {
        Watermark mark = reader.readFull().highWatermark();
        directory.server().modify("dn: cn=backend,ou=groups,dc=example,dc=test", "changetype: modify",
                "add: member", "member: uid=dave,ou=people,dc=example,dc=test");

        DirectoryRead changes = reader.readChanges(mark);
        assertEquals(List.of(), changes.users(), "dave's own entry did not change");
        assertTrue(changes.groupsRead());
        assertEquals(5, changes.groups().size(), "nesting needs the whole graph");
    }
}
