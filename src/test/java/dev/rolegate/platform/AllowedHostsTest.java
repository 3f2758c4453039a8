package dev.rolegate.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's list of hosts that settings may name. */
class AllowedHostsTest {

    final AllowedHosts hosts = new AllowedHosts(List.of("ldap.example.com", "*.Corp.Example", "10.0.0.5", "[::1]"));

    @Test
    void noPatternsAllowAnyHost() {
        assertTrue(AllowedHosts.any().allowsAny());
        assertTrue(AllowedHosts.any().allows("anything.test"));
    }

    @Test
    void exactNamesAndLiteralsMatchIgnoringCaseAndATrailingDot() {
        assertTrue(hosts.allows("ldap.example.com"));
        assertTrue(hosts.allows("LDAP.Example.COM."));
        assertTrue(hosts.allows("10.0.0.5"));
        assertTrue(hosts.allows("::1"));
        assertFalse(hosts.allows("example.com"));
        assertFalse(hosts.allows("xldap.example.com"));
        assertFalse(hosts.allows("ldap.example.com.evil.test"));
        assertFalse(hosts.allows("10.0.0.50"));
        assertFalse(hosts.allows("127.0.0.1"));
        assertFalse(hosts.allows(""));
    }

    @Test
    void aWildcardMatchesSubdomainsOnly() {
        assertTrue(hosts.allows("dc1.corp.example"));
        assertTrue(hosts.allows("a.b.corp.example"));
        assertFalse(hosts.allows("corp.example"));
        assertFalse(hosts.allows(".corp.example"));
        assertFalse(hosts.allows("evilcorp.example"));
    }

    @Test
    void aPatternThatIsNoHostIsRefused() {
        for (String bad : List.of("*", "", "ldap.example.com:636", "ldap://x", "a.*.example", "-bad.example")) {
            assertThrows(IllegalArgumentException.class, () -> new AllowedHosts(List.of(bad)), bad);
        }
    }
}
