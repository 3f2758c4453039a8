package dev.rolegate.ldap.unboundid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import dev.rolegate.ldap.CurrentState;
import dev.rolegate.ldap.DirectoryEntryUser;
import dev.rolegate.ldap.DirectoryRead;
import dev.rolegate.ldap.DirectoryReader;
import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapException;
import dev.rolegate.ldap.LdapFailure;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.PlanOptions;
import dev.rolegate.ldap.SyncPlan;
import dev.rolegate.ldap.SyncPlanner;
import dev.rolegate.ldap.Watermark;
import dev.rolegate.ldap.testing.Slapd;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reader against a real OpenLDAP server ({@link Slapd}) over StartTLS: 1,200 users behind a
 * 1,000-entry size limit, nested groups, entryUUID stable ids, plaintext binds refused, and an
 * incremental read after a change.
 */
@Tag("integration")
class SlapdStartTlsTest {

    static final int USERS = 1_200;
    static Slapd slapd;

    @BeforeAll
    static void start() {
        slapd = Slapd.startOrSkip();
        StringBuilder ldif = new StringBuilder();
        for (int i = 0; i < USERS; i++) {
            String uid = String.format("user%04d", i);
            ldif.append("dn: uid=").append(uid).append(",ou=people,").append(Slapd.SUFFIX).append('\n')
                    .append("objectClass: inetOrgPerson\nuid: ").append(uid).append("\ncn: ").append(uid)
                    .append("\nsn: ").append(uid).append("\nmail: ").append(uid).append("@example.test\n\n");
        }
        ldif.append("dn: cn=backend,ou=groups,").append(Slapd.SUFFIX).append('\n')
                .append("objectClass: groupOfNames\ncn: backend\nmember: uid=user0001,ou=people,").append(Slapd.SUFFIX)
                .append("\n\n");
        ldif.append("dn: cn=engineering,ou=groups,").append(Slapd.SUFFIX).append('\n')
                .append("objectClass: groupOfNames\ncn: engineering\nmember: uid=user0002,ou=people,").append(Slapd.SUFFIX)
                .append("\nmember: cn=backend,ou=groups,").append(Slapd.SUFFIX).append("\n\n");
        slapd.seed(ldif.toString());
    }

    @AfterAll
    static void stop() {
        if (slapd != null) {
            slapd.close();
        }
    }

    static LdapSettings settings() {
        return slapd.settings().pageSize(500)
                .groupRoles(Map.of("cn=engineering,ou=groups," + Slapd.SUFFIX, List.of("engineer"))).build();
    }

    @Test
    void readsEveryUserOverStartTlsPastTheSizeLimit() throws Exception {
        DirectoryRead read;
        try (DirectoryReader reader = new UnboundIdDirectory().open(settings(), LdapClientOptions.defaults())) {
            read = reader.readFull();
        }
        assertTrue(read.complete(), read.problems()::toString);
        assertEquals(USERS, read.users().size());
        assertTrue(read.users().get(0).stableId().matches("[0-9a-f-]{36}"), read.users().get(0).stableId());
        assertEquals(Watermark.Kind.MODIFY_TIMESTAMP, read.highWatermark().kind());

        SyncPlan plan = SyncPlanner.plan(read, CurrentState.empty(), PlanOptions.of(settings(), new UnboundIdDirectory()::dn));
        assertEquals(2, assertInstanceOf(SyncPlan.Ready.class, plan).changes().assignmentsToAdd().size(),
                "user0002 directly, user0001 through backend");
    }

    @Test
    void theServerReallyCapsAnUnpagedSearchAtOneThousand() throws Exception {
        LdapSettings settings = settings();
        try (LDAPConnection connection = new LDAPConnection("localhost", slapd.port())) {
            // a raw client to show the server's limit; the reader under test verifies certificates
            connection.processExtendedOperation(new StartTLSExtendedRequest(
                    new SSLUtil(new TrustAllTrustManager()).createSSLContext()));
            connection.bind(Slapd.SYNC_DN, new String(settings.bindPassword().chars()));
            LDAPSearchException capped = assertThrows(LDAPSearchException.class,
                    () -> connection.search(settings.userBaseDn(), SearchScope.SUB,
                            settings.userFilter(), "1.1"));
            assertEquals(ResultCode.SIZE_LIMIT_EXCEEDED, capped.getResultCode());
            assertEquals(1_000, capped.getEntryCount());
        }
    }

    @Test
    void aPlaintextBindIsRefusedByTheServer() {
        LdapSettings plain = slapd.settings().startTls(false).allowPlaintext(true).trustedCertificatePem(null).build();
        LdapException refused = assertThrows(LdapException.class,
                () -> new UnboundIdDirectory().open(plain, LdapClientOptions.defaults()).close());
        assertEquals(LdapFailure.TLS_FAILED, refused.failure(), refused::getMessage);
    }

    @Test
    void anIncrementalReadFindsTheChangedUser() throws Exception {
        try (DirectoryReader reader = new UnboundIdDirectory().open(settings(), LdapClientOptions.defaults())) {
            Watermark mark = reader.readFull().highWatermark();
            // slapd's modifyTimestamp has one-second resolution: change in a later second than the
            // newest entry read (an entry changed twice within one second is the documented gap).
            awaitNextSecond(mark);
            try (LDAPConnection admin = slapd.admin()) {
                admin.modify("dn: uid=user0007,ou=people," + Slapd.SUFFIX, "changetype: modify",
                        "replace: mail", "mail: seven@example.test");
            }
            DirectoryRead changes = reader.readChanges(mark);
            assertEquals(List.of("seven@example.test"), changes.users().stream().map(DirectoryEntryUser::email).toList());
            assertEquals(List.of(), reader.readChanges(changes.highWatermark()).users());
        }
    }

    private static void awaitNextSecond(Watermark mark) throws InterruptedException {
        Instant newest = Instant.parse(mark.value().replaceFirst(
                "(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2}).*", "$1-$2-$3T$4:$5:$6Z"));
        while (!Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(newest)) {
            Thread.sleep(20);
        }
    }
}
