package dev.rolegate.ldap.unboundid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.ldap.DirectoryEntryUser;
import dev.rolegate.ldap.DirectoryRead;
import dev.rolegate.ldap.DirectoryReader;
import dev.rolegate.ldap.InvalidLdapSettingsException;
import dev.rolegate.ldap.LdapClientOptions;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.SettingsProblem;
import dev.rolegate.ldap.testing.TestDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Filter injection (RFC 4515 escaping of every value we put into a filter), configured filters
 * parsed rather than concatenated, and the adapter's settings checks.
 */
class FilterAndSettingsTest {

    static final UnboundIdDirectory LDAP = new UnboundIdDirectory();
    static final String SNEAKY = "x*)(uid=*";
    static TestDirectory directory;

    @BeforeAll
    static void start() throws Exception {
        directory = TestDirectory.builder("dc=example,dc=test").ldif("directory.ldif").start();
        // A user whose uid really is the attack string.
        directory.server().add("dn: uid=x\\2a\\29\\28uid=\\2a,ou=people,dc=example,dc=test",
                "objectClass: inetOrgPerson", "uid: " + SNEAKY, "cn: sneaky", "sn: sneaky", "mail: sneaky@example.test");
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    @Test
    void aUserIdCannotWidenTheLookup() throws Exception {
        try (DirectoryReader reader = LDAP.open(directory.settings().build(), LdapClientOptions.defaults())) {
            assertEquals(Optional.empty(), reader.findUser("*)(uid=*"), "spliced, this would match every user");
            assertEquals(Optional.empty(), reader.findUser("*"), "spliced, this would be a presence filter");
            assertEquals(Optional.empty(), reader.findUser("alice)(|(uid=*"));
            assertEquals("alice", reader.findUser("alice").map(DirectoryEntryUser::userId).orElseThrow());
            assertEquals(SNEAKY, reader.findUser(SNEAKY).map(DirectoryEntryUser::userId).orElseThrow(),
                    "the literal value still matches exactly");
        }
    }

    @Test
    void aLookupStaysInsideTheConfiguredFilter() throws Exception {
        LdapSettings onlyA = directory.settings().userFilter("(&(objectClass=inetOrgPerson)(uid=a*))").build();
        try (DirectoryReader reader = LDAP.open(onlyA, LdapClientOptions.defaults())) {
            assertEquals(Optional.empty(), reader.findUser("bob"));
            assertTrue(reader.findUser("alice").isPresent());
        }
    }

    @Test
    void configuredFiltersAreParsedWithTheirEscapes() throws Exception {
        LdapSettings escaped = directory.settings().userFilter("(uid=x\\2a\\29\\28uid=\\2a)").build();
        DirectoryRead read;
        try (DirectoryReader reader = LDAP.open(escaped, LdapClientOptions.defaults())) {
            read = reader.readFull();
        }
        assertEquals(List.of(SNEAKY), read.users().stream().map(DirectoryEntryUser::userId).toList());
    }

    @Test
    void filtersDnsUrlsAndCertificatesThatDoNotParseAreAllReported() {
        LdapSettings broken = directory.settings()
                .url("ldap://")
                .userFilter("(objectClass=inetOrgPerson)(uid=*)")
                .groupFilter("(&(objectClass=groupOfNames)")
                .userBaseDn("ou=people,dc=example,dc=test,")
                .bindDn("not a dn")
                .trustedCertificatePem("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
                .groupRoles(Map.of("cn=a,dc=example,dc=test", List.of("x"), "CN=A, DC=Example, DC=Test", List.of("y"),
                        "cn=b,,dc=x", List.of("z")))
                .build();
        InvalidLdapSettingsException refused = assertThrows(InvalidLdapSettingsException.class, () -> LDAP.check(broken));
        List<String> pointers = refused.problems().stream().map(SettingsProblem::pointer).toList();
        assertTrue(pointers.containsAll(List.of("/url", "/bindDn", "/userBaseDn", "/userFilter", "/groupFilter",
                "/trustedCertificatePem", "/groupRoles/cn=b,,dc=x")), pointers::toString);
        assertTrue(pointers.stream().anyMatch(p -> p.startsWith("/groupRoles/") && !p.endsWith("dc=x")),
                "two spellings of one group DN are reported: " + pointers);
        assertFalse(refused.getMessage().contains(TestDirectory.PASSWORD));
        assertThrows(InvalidLdapSettingsException.class, () -> LDAP.open(broken, LdapClientOptions.defaults()));
    }

    @Test
    void dnParsingNormalizesForComparisonAndKeepsTheSpelling() {
        assertEquals(LDAP.dn("CN=Admins, OU=Groups, DC=example, DC=test"), LDAP.dn("cn=admins,ou=groups,dc=example,dc=test"));
        assertEquals("CN=Admins, OU=Groups, DC=example, DC=test", LDAP.dn("CN=Admins, OU=Groups, DC=example, DC=test").value());
        assertEquals(LDAP.dn("cn=Zoë,dc=test"), LDAP.dn("cn=Zo\\C3\\AB,dc=test"));
        assertThrows(IllegalArgumentException.class, () -> LDAP.dn("cn=a,,dc=test"));
    }

    @Test
    void anEntryWithoutAStableIdMakesTheReadIncomplete() throws Exception {
        // employeeNumber as the "stable id": only some entries have one.
        directory.server().modify("dn: uid=alice,ou=people,dc=example,dc=test", "changetype: modify",
                "replace: employeeNumber", "employeeNumber: E-1");
        LdapSettings settings = directory.settings()
                .attributes(new LdapSettings.AttributeMapping("employeeNumber", "uid", "mail", "displayName", null)).build();
        DirectoryRead read;
        try (DirectoryReader reader = LDAP.open(settings, LdapClientOptions.defaults())) {
            read = reader.readFull();
        }
        assertFalse(read.complete(), "a user we cannot key could otherwise be deprovisioned");
        assertTrue(read.problems().get(0).contains("employeeNumber"), read.problems()::toString);
        assertEquals(List.of("E-1"), read.users().stream().map(DirectoryEntryUser::stableId).toList());
    }
}
