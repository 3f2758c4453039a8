package dev.rolegate.ldapsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.ldap.DirectoryDn;
import dev.rolegate.ldap.DirectoryEntryGroup;
import dev.rolegate.ldap.DirectoryEntryUser;
import dev.rolegate.ldap.DirectoryRead;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.SyncChanges;
import dev.rolegate.ldap.SyncMode;
import dev.rolegate.ldap.UserStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The list of a run's changes names users by user id and groups by name, in apply order, capped. */
class SyncRunChangesTest {

    private static DirectoryDn dn(String value) {
        return new DirectoryDn(value, value.toLowerCase(Locale.ROOT));
    }

    @Test
    void changesNameUsersAndGroupsAsPeopleKnowThem() {
        DirectoryRead read = new DirectoryRead(SyncMode.FULL,
                List.of(new DirectoryEntryUser("u-1", dn("uid=alice,ou=people"), "alice", null, null, false),
                        new DirectoryEntryUser("u-2", dn("uid=bob,ou=people"), "robert", null, null, false)),
                List.of(new DirectoryEntryGroup("g-1", dn("cn=analysts,ou=groups"), "analysts", List.of(), List.of())),
                true, true, List.of(), null);
        SyncChanges changes = new SyncChanges(
                List.of(new SyncChanges.UserCreate("u-1", dn("uid=alice,ou=people"), "alice", null, null, UserStatus.DISABLED)),
                List.of(new SyncChanges.UserUpdate("bob", "u-2", dn("uid=bob,ou=people"), "robert", null, "Bob",
                        UserStatus.ACTIVE, EnumSet.of(SyncChanges.UserField.USER_ID, SyncChanges.UserField.DISPLAY_NAME))),
                List.of(new SyncChanges.UserDeprovision("carol", "u-3", dn("uid=carol,ou=people"), LdapSettings.Deprovision.DISABLE)),
                List.of(new SyncChanges.GroupCreate("g-1", dn("cn=analysts,ou=groups"), "analysts")),
                List.of(), List.of(new SyncChanges.GroupRemoval("old-team", "g-9", dn("cn=old-team,ou=groups"))),
                List.of(new SyncChanges.MembershipChange("g-1", "u-1")),
                List.of(new SyncChanges.MembershipChange("g-9", "u-3")),
                List.of(new SyncChanges.AssignmentChange("u-2", "reporter")),
                List.of(new SyncChanges.AssignmentChange("u-3", "engineer")),
                List.of(new SyncChanges.Skipped("u-4", dn("uid=x y,ou=people"), "invalid_user_id", "'x y' is not a user id.")),
                List.of());

        SyncRunChanges list = SyncRunChanges.of(changes, read);
        List<String> lines = list.items().stream().map(i -> i.kind() + " | " + i.subject() + " | " + i.detail()).toList();
        assertEquals(List.of(
                "group.create | analysts | cn=analysts,ou=groups",
                "user.create | alice | uid=alice,ou=people (disabled in the directory)",
                "user.update | robert | renamed from bob; changes display name, user id",
                "member.add | alice | joins analysts",
                "member.remove | carol | leaves old-team",
                "assignment.create | robert | gets role reporter",
                "assignment.delete | carol | loses role engineer",
                "user.deprovision | carol | disable (no longer in the directory)",
                "group.delete | old-team | no longer in the directory",
                "skipped | uid=x y,ou=people | 'x y' is not a user id."), lines);
        assertEquals(10, list.total());
        assertFalse(list.truncated());
    }

    @Test
    void aLargePlanKeepsTheFirstItemsAndCountsThemAll() {
        List<SyncChanges.UserCreate> creates = new ArrayList<>();
        IntStream.range(0, SyncRunChanges.MAX_ITEMS + 20).forEach(i -> creates.add(new SyncChanges.UserCreate(
                "u-" + i, dn("uid=u" + i + ",ou=people"), "u" + i, null, null, UserStatus.ACTIVE)));
        SyncChanges changes = new SyncChanges(creates, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of());
        SyncRunChanges list = SyncRunChanges.of(changes,
                new DirectoryRead(SyncMode.FULL, List.of(), List.of(), true, true, List.of(), null));
        assertEquals(SyncRunChanges.MAX_ITEMS, list.items().size());
        assertEquals(SyncRunChanges.MAX_ITEMS + 20, list.total());
        assertTrue(list.truncated());
        assertEquals("u0", list.items().get(0).subject());
    }
}
