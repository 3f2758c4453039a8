package dev.rolegate.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentDef;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.ModelChange;
import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.RoleDef;
import dev.rolegate.engine.Validity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Change-feed items (docs/audit.md shapes) into engine model changes, kind by kind. */
class ChangeTranslatorTest {

    private final ChangeTranslator translator = new ChangeTranslator(new ObjectMapper());

    private List<ModelChange> translate(String... items) throws ChangeTranslator.Untranslatable {
        return translator.translate("[" + String.join(",", items) + "]");
    }

    private static String item(String kind, String op, String key, String before, String after) {
        return "{\"kind\":\"" + kind + "\",\"op\":\"" + op + "\",\"key\":\"" + key + "\",\"before\":" + before
                + ",\"after\":" + after + "}";
    }

    private void refused(String why, String... items) {
        ChangeTranslator.Untranslatable e = assertThrows(ChangeTranslator.Untranslatable.class, () -> translate(items));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private static final String BOB = "{\"id\":\"bob\",\"email\":null,\"displayName\":\"Bob\",\"status\":\"active\",\"source\":\"local\"}";
    private static final String BOB_DISABLED = "{\"id\":\"bob\",\"email\":null,\"displayName\":\"Bob\",\"status\":\"disabled\",\"source\":\"ldap\"}";

    @Test
    void users() throws Exception {
        assertEquals(List.of(new ModelChange.UserPut("bob", true)), translate(item("user", "create", "user:bob", "null", BOB)));
        assertEquals(List.of(new ModelChange.UserPut("bob", false)), translate(item("user", "update", "user:bob", BOB, BOB_DISABLED)));
        assertEquals(List.of(new ModelChange.UserDelete("bob")), translate(item("user", "delete", "user:bob", BOB, "null")));
        // an LDAP rename moves memberships and assignments that the record does not list
        refused("renames", item("user", "update", "user:robert", BOB, BOB.replace("\"bob\"", "\"robert\"")));
        refused("status", item("user", "create", "user:bob", "null", BOB.replace("active", "locked")));
        refused("does not name", item("user", "create", "user:alice", "null", BOB));
    }

    @Test
    void groups() throws Exception {
        String eng = "{\"id\":\"eng\",\"displayName\":\"Engineering\",\"source\":\"local\"}";
        assertEquals(List.of(new ModelChange.GroupPut("eng")), translate(item("group", "create", "group:eng", "null", eng)));
        assertEquals(List.of(new ModelChange.GroupPut("eng")),
                translate(item("group", "update", "group:eng", eng, eng.replace("Engineering", "Eng"))));
        assertEquals(List.of(new ModelChange.GroupDelete("eng")), translate(item("group", "delete", "group:eng", eng, "null")));
        refused("renames", item("group", "update", "group:ops", eng, eng.replace("\"eng\"", "\"ops\"")));
    }

    @Test
    void members() throws Exception {
        assertEquals(List.of(new ModelChange.MemberAdd("eng", "bob")),
                translate(item("member", "create", "group:eng/member:bob", "null", "{\"id\":\"bob\"}")));
        assertEquals(List.of(new ModelChange.MemberRemove("eng", "bob")),
                translate(item("member", "delete", "group:eng/member:bob", "{\"id\":\"bob\"}", "null")));
        refused("shows member", item("member", "create", "group:eng/member:bob", "null", "{\"id\":\"eve\"}"));
        refused("member item", item("member", "create", "user:bob", "null", "{\"id\":\"bob\"}"));
    }

    @Test
    void roles() throws Exception {
        String analyst = "{\"id\":\"analyst\",\"description\":\"Analyst\",\"permissions\":[\"report.edit\",\"dash.*\"],"
                + "\"inherits\":[\"viewer\"]}";
        RoleDef def = new RoleDef("analyst", List.of("report.edit", "dash.*"), List.of("viewer"));
        assertEquals(List.of(new ModelChange.RolePut(def)), translate(item("role", "create", "role:analyst", "null", analyst)));
        assertEquals(List.of(new ModelChange.RolePut(new RoleDef("analyst", List.of("report.edit"), List.of()))),
                translate(item("role", "update", "role:analyst", analyst,
                        "{\"id\":\"analyst\",\"description\":null,\"permissions\":[\"report.edit\"],\"inherits\":[]}")));
        assertEquals(List.of(new ModelChange.RoleDelete("analyst")), translate(item("role", "delete", "role:analyst", analyst, "null")));
        refused("permissions", item("role", "create", "role:analyst", "null", "{\"id\":\"analyst\",\"inherits\":[]}"));
    }

    @Test
    void permissions() throws Exception {
        String edit = "{\"id\":\"report.edit\",\"description\":\"Edit\",\"operations\":[\"report.rename\",\"report.move\"]}";
        assertEquals(List.of(new ModelChange.PermissionPut(new PermissionDef("report.edit", List.of("report.rename", "report.move")))),
                translate(item("permission", "create", "permission:report.edit", "null", edit)));
        assertEquals(List.of(new ModelChange.PermissionPut(new PermissionDef("report.edit", List.of()))),
                translate(item("permission", "update", "permission:report.edit", edit,
                        "{\"id\":\"report.edit\",\"description\":\"Edit\",\"operations\":[]}")));
        assertEquals(List.of(new ModelChange.PermissionDelete("report.edit")),
                translate(item("permission", "delete", "permission:report.edit", edit, "null")));
    }

    @Test
    void assignments() throws Exception {
        String manual = "{\"id\":\"viewer\",\"source\":\"manual\"}";
        String windowed = "{\"id\":\"viewer\",\"source\":\"manual\",\"validFrom\":\"2026-01-01T00:00:00Z\","
                + "\"expiresAt\":\"2026-02-01T10:00:00.123456Z\"}";
        assertEquals(List.of(new ModelChange.AssignmentPut(new AssignmentDef(AssigneeKind.USER, "bob", "viewer",
                        AssignmentSource.MANUAL, Validity.ALWAYS))),
                translate(item("assignment", "create", "user:bob/role:viewer", "null", manual)));
        assertEquals(List.of(new ModelChange.AssignmentPut(new AssignmentDef(AssigneeKind.USER, "bob", "viewer",
                        AssignmentSource.MANUAL, new Validity(Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-02-01T10:00:00.123456Z"))))),
                translate(item("assignment", "update", "user:bob/role:viewer", manual, windowed)));
        assertEquals(List.of(new ModelChange.AssignmentPut(new AssignmentDef(AssigneeKind.GROUP, "eng", "viewer",
                        AssignmentSource.LDAP, new Validity(Instant.MIN, Instant.parse("2026-03-01T00:00:00Z"))))),
                translate(item("assignment", "create", "group:eng/role:viewer", "null",
                        "{\"id\":\"viewer\",\"source\":\"ldap\",\"expiresAt\":\"2026-03-01T00:00:00Z\"}")));
        assertEquals(List.of(new ModelChange.AssignmentDelete(AssigneeKind.GROUP, "eng", "viewer", AssignmentSource.SAML)),
                translate(item("assignment", "delete", "group:eng/role:viewer", "{\"id\":\"viewer\",\"source\":\"saml\"}", "null")));

        refused("changes its source", item("assignment", "update", "user:bob/role:viewer", manual,
                "{\"id\":\"viewer\",\"source\":\"ldap\"}"));
        refused("shows role", item("assignment", "create", "user:bob/role:viewer", "null", "{\"id\":\"admin\",\"source\":\"manual\"}"));
        refused("source", item("assignment", "create", "user:bob/role:viewer", "null", "{\"id\":\"viewer\",\"source\":\"magic\"}"));
        refused("expiresAt must be after validFrom", item("assignment", "create", "user:bob/role:viewer", "null",
                "{\"id\":\"viewer\",\"source\":\"manual\",\"validFrom\":\"2026-02-01T00:00:00Z\",\"expiresAt\":\"2026-01-01T00:00:00Z\"}"));
        // the table keeps microseconds: a finer instant is not what the database holds
        refused("finer than a microsecond", item("assignment", "create", "user:bob/role:viewer", "null",
                "{\"id\":\"viewer\",\"source\":\"manual\",\"expiresAt\":\"2026-01-01T00:00:00.000000001Z\"}"));
        refused("RFC 3339", item("assignment", "create", "user:bob/role:viewer", "null",
                "{\"id\":\"viewer\",\"source\":\"manual\",\"expiresAt\":1767225600}"));
        refused("assignment key", item("assignment", "create", "role:viewer", "null", manual));
    }

    @Test
    void settingsAndTheAccountDoNotTakePartInDecisions() throws Exception {
        assertEquals(List.of(), translate(
                item("account", "create", "account:acme", "null", "{\"id\":\"acme\",\"name\":\"Acme\",\"template\":\"t\",\"revision\":1}"),
                item("sso_settings", "update", "sso:saml", "{\"idpEntityId\":\"a\"}", "{\"idpEntityId\":\"b\"}"),
                item("ldap_settings", "create", "directory:ldap", "null", "{\"url\":\"ldaps://x\"}"),
                item("scim_settings", "create", "directory:scim", "null",
                        "{\"groupRoles\":{\"Ops\":[\"viewer\"]},\"defaultRoles\":[],\"linkExistingUsers\":false}")));
    }

    @Test
    void itemsKeepTheirOrderAcrossKinds() throws Exception {
        // a user deletion as DirectoryService records it: membership, assignment, then the user
        assertEquals(List.of(new ModelChange.MemberRemove("eng", "bob"),
                        new ModelChange.AssignmentDelete(AssigneeKind.USER, "bob", "viewer", AssignmentSource.MANUAL),
                        new ModelChange.UserDelete("bob")),
                translate(item("member", "delete", "group:eng/member:bob", "{\"id\":\"bob\"}", "null"),
                        item("assignment", "delete", "user:bob/role:viewer", "{\"id\":\"viewer\",\"source\":\"manual\"}", "null"),
                        item("user", "delete", "user:bob", BOB, "null")));
        assertEquals(List.of(), translate());
    }

    @Test
    void anythingElseIsUntranslatable() {
        refused("unknown kind", item("session", "create", "session:1", "null", "{\"id\":\"1\"}"));
        refused("unknown op", item("user", "upsert", "user:bob", "null", BOB));
        refused("no after", item("user", "create", "user:bob", "null", "null"));
        refused("no before", item("user", "delete", "user:bob", "null", "null"));
        refused("no text kind", "{\"op\":\"create\",\"key\":\"user:bob\",\"after\":" + BOB + "}");
        assertThrows(ChangeTranslator.Untranslatable.class, () -> translator.translate("{\"kind\":\"user\"}"));
        assertThrows(ChangeTranslator.Untranslatable.class, () -> translator.translate("[{"));
    }
}
