package dev.rolegate.ldap.unboundid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.rolegate.ldap.LdapDestination;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.Secret;
import dev.rolegate.ldap.testing.TestCertificates;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the stored bind password is bound to (issue 11 item 2): scheme, host, port, bind DN, TLS
 * mode and trust anchors, as the connection parses them; nothing else.
 */
class DestinationTest {

    static final UnboundIdDirectory LDAP = new UnboundIdDirectory();
    static final String CA = TestCertificates.issue("ldap.example.test").caPem();

    static LdapSettings.Builder base() {
        return LdapSettings.builder().url("ldaps://ldap.example.test").trustedCertificatePem(CA)
                .bindDn("cn=sync,dc=example,dc=test").bindPassword(Secret.of("pw"))
                .userBaseDn("ou=people,dc=example,dc=test").userFilter("(objectClass=inetOrgPerson)")
                .groupBaseDn("ou=groups,dc=example,dc=test").groupFilter("(objectClass=groupOfNames)");
    }

    static LdapDestination destination(LdapSettings.Builder settings) {
        return LDAP.destination(settings.build());
    }

    @Test
    void theParsedDestination() {
        LdapDestination d = destination(base());
        assertEquals("ldaps", d.scheme());
        assertEquals("ldap.example.test", d.host());
        assertEquals(636, d.port());
        assertEquals("cn=sync,dc=example,dc=test", d.bindDn());
        assertEquals(1, d.trustAnchors().size());
        assertEquals(64, d.trustAnchors().get(0).length(), "SHA-256 in hex");
    }

    @Test
    void whatDoesNotMoveThePasswordKeepsTheDestination() {
        LdapDestination d = destination(base());
        assertEquals(d, destination(base().url("ldaps://LDAP.Example.TEST:636")), "case and the default port");
        assertEquals(d, destination(base().bindDn("CN=sync, DC=example, DC=test")), "the same DN spelled otherwise");
        assertEquals(d, destination(base().trustedCertificatePem(CA.replace("\n", "\r\n") + "\n")), "the same certificate");
        assertEquals(d, destination(base().bindPassword(Secret.of("other")).userFilter("(uid=*)").pageSize(10)
                .groupRoles(Map.of("cn=x,dc=example,dc=test", List.of("viewer"))).maxRemovalPercent(50)));
    }

    @Test
    void everyComponentOfTheDestinationCounts() {
        LdapDestination d = destination(base());
        List<LdapSettings.Builder> changed = List.of(
                base().url("ldaps://evil.example.test"),
                base().url("ldaps://ldap.example.test:6360"),
                base().url("ldap://ldap.example.test:636").startTls(true),
                base().bindDn("cn=admin,dc=example,dc=test"),
                base().trustedCertificatePem(TestCertificates.issue("ldap.example.test").caPem()),
                base().trustedCertificatePem(null));
        for (LdapSettings.Builder settings : changed) {
            assertNotEquals(d, destination(settings), settings.build()::url);
        }
        LdapDestination startTls = destination(base().url("ldap://ldap.example.test:389").startTls(true));
        assertNotEquals(startTls, destination(base().url("ldap://ldap.example.test:389").allowPlaintext(true)));
        assertNotEquals(startTls, destination(base().url("ldap://ldap.example.test:389").startTls(true).allowPlaintext(true)));
    }
}
