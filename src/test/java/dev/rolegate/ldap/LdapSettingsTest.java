package dev.rolegate.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Structural validation of the settings record and the secrecy of the bind password. */
class LdapSettingsTest {

    static LdapSettings.Builder valid() {
        return LdapSettings.builder()
                .url("ldaps://ldap.example.test:636")
                .bindDn("cn=sync,dc=example,dc=test")
                .bindPassword(Secret.of("s3cr3t-Pa55"))
                .userBaseDn("ou=people,dc=example,dc=test")
                .userFilter("(objectClass=inetOrgPerson)")
                .groupBaseDn("ou=groups,dc=example,dc=test")
                .groupFilter("(objectClass=groupOfNames)");
    }

    @Test
    void defaultsFollowTheIssue() {
        LdapSettings settings = valid().build();
        assertEquals(10, settings.maxRemovalPercent());
        assertEquals(500, settings.pageSize());
        assertEquals(LdapSettings.Deprovision.DISABLE, settings.deprovision());
        assertEquals("entryUUID", settings.attributes().id());
        assertEquals("mail", settings.attributes().userId(), "the user id defaults to the email attribute");
        assertTrue(settings.ldaps());
    }

    @Test
    void plainLdapIsRefusedUnlessStartTlsOrExplicitlyAllowed() {
        InvalidLdapSettingsException refused = assertThrows(InvalidLdapSettingsException.class,
                () -> valid().url("ldap://ldap.example.test").build());
        assertEquals("/url", refused.problems().get(0).pointer());

        assertFalse(valid().url("ldap://ldap.example.test").startTls(true).build().ldaps());
        valid().url("ldap://ldap.example.test").allowPlaintext(true).build();
        assertThrows(InvalidLdapSettingsException.class, () -> valid().startTls(true).build(), "StartTLS over LDAPS");
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPointer() {
        InvalidLdapSettingsException refused = assertThrows(InvalidLdapSettingsException.class, () -> LdapSettings.builder()
                .url("http://x").bindPassword(Secret.of("")).maxRemovalPercent(101).pageSize(0)
                .schedule(Duration.ofSeconds(5))
                .attributes(new LdapSettings.AttributeMapping("objectGUID", "sAMAccountName;binary", null, null, null))
                .groupRoles(Map.of("cn=admins,dc=example", List.of("Admin")))
                .build());
        List<String> pointers = refused.problems().stream().map(SettingsProblem::pointer).toList();
        assertEquals(List.of("/url", "/bindDn", "/bindPassword", "/userBaseDn", "/userFilter", "/groupBaseDn",
                "/groupFilter", "/attributes/userId", "/groupRoles/cn=admins,dc=example/0", "/schedule",
                "/maxRemovalPercent", "/pageSize"), pointers);
    }

    @Test
    void theBindPasswordNeverShows() {
        LdapSettings settings = valid().build();
        assertFalse(settings.toString().contains("s3cr3t-Pa55"), settings.toString());
        assertEquals("********", settings.bindPassword().toString());
        assertEquals("bind failed for *** at host", settings.bindPassword().redact("bind failed for s3cr3t-Pa55 at host"));
        assertEquals(Secret.of("s3cr3t-Pa55"), settings.bindPassword());
    }

    @Test
    void pointersEscapeSlashesInGroupDns() {
        assertEquals("/groupRoles/cn=a~1b~0c", SettingsProblem.pointer("/groupRoles", "cn=a/b~c"));
    }

    @Test
    void watermarksSurviveStorage() {
        Watermark usn = Watermark.usnChanged(123456);
        assertEquals(usn, Watermark.parse(usn.toWire()));
        Watermark time = Watermark.modifyTimestamp("20260101120000Z", java.util.Set.of("b", "a id"));
        assertEquals(time, Watermark.parse(time.toWire()));
        assertEquals("modifyTimestamp 20260101120000Z a+id b", time.toWire());
    }
}
