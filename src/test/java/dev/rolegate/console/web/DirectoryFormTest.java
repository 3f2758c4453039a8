package dev.rolegate.console.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rolegate.ldapsync.api.LdapConfigRequest;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The directory form as the API's request, and the API's pointers as the form's fields. */
class DirectoryFormTest {

    private static DirectoryPages.Form form(String groupRoles, String removal) {
        DirectoryPages.Form d = DirectoryPages.Form.DEFAULTS;
        return new DirectoryPages.Form("ldaps://ldap.example.com", false, false, "", "cn=sync,dc=example,dc=com",
                "ou=people,dc=example,dc=com", d.userFilter(), "ou=groups,dc=example,dc=com", d.groupFilter(), "member", true,
                "entryUUID", "uid", "mail", "displayName", "", groupRoles, "", "disable", removal, "500");
    }

    @Test
    void theFormIsTheRequestWithEmptyMeaningAbsent() {
        DirectoryPages.Parsed parsed = form("cn=a,ou=groups,dc=example,dc=com: reporter, viewer\n\n"
                + "cn=b\\:c,ou=groups,dc=example,dc=com:engineer", "25").request("");
        assertEquals(List.of(), parsed.errors());
        LdapConfigRequest r = parsed.request();
        assertNull(r.bindPassword(), "an empty password keeps the stored one");
        assertNull(r.trustedCertificatePem());
        assertNull(r.schedule());
        assertNull(r.attributes().disabled());
        assertEquals(25, r.maxRemovalPercent());
        assertEquals(Map.of("cn=a,ou=groups,dc=example,dc=com", List.of("reporter", "viewer"),
                "cn=b\\:c,ou=groups,dc=example,dc=com", List.of("engineer")), r.groupRoles());
        assertEquals("s3cret", form("", "10").request("s3cret").request().bindPassword());
    }

    @Test
    void badLinesAndNumbersAreNamedByField() {
        DirectoryPages.Parsed parsed = form("cn=a,ou=groups reporter", "ten").request("");
        assertEquals(List.of("/maxRemovalPercent", "/groupRoles"), parsed.errors().stream().map(FieldError::pointer).toList());
        assertNull(parsed.request().maxRemovalPercent());
    }

    @Test
    void theApisPointersBecomeTheFormsFields() {
        Problem api = Problem.of(400, "invalid_request", "Invalid request", "x", List.of(
                new FieldError("/attributes/userId", "is required"),
                new FieldError("/groupRoles/cn=a,ou=x~1y/0", "is not a role name"),
                new FieldError("/url", "is required")));
        FormErrors errors = FormErrors.of(DirectoryPages.forForm(api));
        assertEquals("is required", errors.of("userIdAttribute"));
        assertEquals("cn=a,ou=x/y: is not a role name", errors.of("groupRoles"));
        assertEquals("is required", errors.of("url"));
        FormErrors unknown = FormErrors.of(DirectoryPages.forForm(
                Problem.of(422, "unknown_role", "Unprocessable request", "No role 'ghost'.", List.of())));
        assertEquals("No role 'ghost'.", unknown.of("groupRoles"));
    }
}
