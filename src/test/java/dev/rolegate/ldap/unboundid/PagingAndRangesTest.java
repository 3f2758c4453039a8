package dev.rolegate.ldap.unboundid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import dev.rolegate.ldap.AbortReason;
import dev.rolegate.ldap.CurrentState;
import dev.rolegate.ldap.DirectoryEntryGroup;
import dev.rolegate.ldap.DirectoryRead;
import dev.rolegate.ldap.DirectoryReader;
import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.PlanOptions;
import dev.rolegate.ldap.SyncPlan;
import dev.rolegate.ldap.SyncPlanner;
import dev.rolegate.ldap.testing.AdRangeInterceptor;
import dev.rolegate.ldap.testing.TestDirectory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Large directories, generated rather than committed: 2,500 users against a server that returns
 * at most 1,000 entries per search (AD's MaxPageSize), and a group of 3,200 members served in
 * AD ranges of 1,500 values by {@link AdRangeInterceptor}.
 */
class PagingAndRangesTest {

    static final int USERS = 2_500;
    static final int BIG_GROUP = 3_200;
    static final String BASE = "dc=big,dc=test";
    static final AdRangeInterceptor RANGES = new AdRangeInterceptor();
    static TestDirectory directory;

    @BeforeAll
    static void start() throws Exception {
        directory = TestDirectory.builder(BASE).maxSizeLimit(1_000).interceptor(RANGES).start();
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry("dn: " + BASE, "objectClass: domain", "dc: big"));
        entries.add(new Entry("dn: ou=people," + BASE, "objectClass: organizationalUnit", "ou: people"));
        entries.add(new Entry("dn: ou=groups," + BASE, "objectClass: organizationalUnit", "ou: groups"));
        entries.add(new Entry("dn: ou=more," + BASE, "objectClass: organizationalUnit", "ou: more"));
        List<String> everyone = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String uid = String.format("user%05d", i);
            String dn = "uid=" + uid + ",ou=people," + BASE;
            everyone.add(dn);
            entries.add(new Entry("dn: " + dn, "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + uid,
                    "sn: " + uid, "mail: " + uid + "@big.test"));
        }
        // 700 more members live outside the user search: the group has 3,200 members in all.
        for (int i = 0; i < BIG_GROUP - USERS; i++) {
            String dn = "uid=extra" + i + ",ou=more," + BASE;
            everyone.add(dn);
            entries.add(new Entry("dn: " + dn, "objectClass: inetOrgPerson", "uid: extra" + i, "cn: x", "sn: x"));
        }
        Entry all = new Entry("cn=everyone,ou=groups," + BASE);
        all.addAttribute("objectClass", "groupOfNames");
        all.addAttribute("cn", "everyone");
        all.addAttribute(new Attribute("member", everyone));
        entries.add(all);
        entries.add(new Entry("dn: cn=small,ou=groups," + BASE, "objectClass: groupOfNames", "cn: small",
                "member: uid=user00001,ou=people," + BASE));
        directory.server().addEntries(entries);
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    static LdapSettings settings(int pageSize) {
        return directory.settings().pageSize(pageSize)
                .groupRoles(java.util.Map.of("cn=everyone,ou=groups," + BASE, List.of("member"))).build();
    }

    @Test
    void theServerReallyCapsAnUnpagedSearchAtOneThousand() {
        LDAPSearchException capped = org.junit.jupiter.api.Assertions.assertThrows(LDAPSearchException.class,
                () -> directory.server().search("ou=people," + BASE, SearchScope.SUB, "(objectClass=inetOrgPerson)", "1.1"));
        assertEquals(ResultCode.SIZE_LIMIT_EXCEEDED, capped.getResultCode());
        assertEquals(1_000, capped.getEntryCount());
    }

    @Test
    void pagedSearchReadsPastTheSizeLimit() throws Exception {
        DirectoryRead read;
        try (DirectoryReader reader = new UnboundIdDirectory().open(settings(500), LdapClientOptions.defaults())) {
            read = reader.readFull();
        }
        assertTrue(read.complete(), read.problems()::toString);
        assertEquals(USERS, read.users().size());
        Set<String> ids = new HashSet<>();
        read.users().forEach(u -> ids.add(u.stableId()));
        assertEquals(USERS, ids.size(), "each user once, no page read twice");
    }

    @Test
    void aPageLargerThanTheLimitMakesAnIncompleteReadThatThePlannerRefuses() throws Exception {
        DirectoryRead read;
        try (DirectoryReader reader = new UnboundIdDirectory().open(settings(5_000), LdapClientOptions.defaults())) {
            read = reader.readFull();
        }
        assertFalse(read.complete());
        assertTrue(read.problems().get(0).contains("sizeLimitExceeded") || read.problems().get(0).contains("size limit"),
                read.problems()::toString);
        SyncPlan plan = SyncPlanner.plan(read, CurrentState.empty(), PlanOptions.of(settings(5_000), new UnboundIdDirectory()::dn));
        assertEquals(AbortReason.INCOMPLETE_READ, assertInstanceOf(SyncPlan.Aborted.class, plan).reason());
    }

    @Test
    void rangedMemberRetrievalFollowsEveryRangeToTheEnd() throws Exception {
        int before = RANGES.rangedAnswers();
        DirectoryRead read;
        try (DirectoryReader reader = new UnboundIdDirectory().open(settings(500), LdapClientOptions.defaults())) {
            read = reader.readFull();
        }
        DirectoryEntryGroup everyone = read.groups().stream().filter(g -> g.name().equals("everyone")).findFirst().orElseThrow();

        assertEquals(BIG_GROUP, everyone.memberDns().size(), "0-1499, 1500-2999, 3000-*");
        assertEquals(BIG_GROUP, new HashSet<>(everyone.memberDns()).size());
        assertEquals(3, RANGES.rangedAnswers() - before, "the server answered in three ranges");
        DirectoryEntryGroup small = read.groups().stream().filter(g -> g.name().equals("small")).findFirst().orElseThrow();
        assertEquals(1, small.memberDns().size());

        SyncPlan plan = SyncPlanner.plan(read, CurrentState.empty(), PlanOptions.of(settings(500), new UnboundIdDirectory()::dn));
        assertEquals(USERS, assertInstanceOf(SyncPlan.Ready.class, plan).changes().assignmentsToAdd().size(),
                "every user in the user search gets the role; the 700 outside it are ignored");
    }
}
