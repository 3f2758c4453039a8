package dev.rolegate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The built-in rbac.* catalog: the names issues 3 and 7 fix, and the migrations' backfills in step with the code. */
class AdminCatalogTest {

    @Test
    void holdsThePermissionsTheIssueNames() {
        assertTrue(AdminCatalog.PERMISSIONS.keySet().containsAll(List.of("rbac.account.read", "rbac.roles.read",
                "rbac.roles.write", "rbac.users.read", "rbac.users.write", "rbac.groups.write", "rbac.assignments.write",
                "rbac.audit.read", "rbac.sso.write", "rbac.directory.write", "rbac.account.export", "rbac.account.import")));
        assertEquals(AdminCatalog.PERMISSIONS.keySet(), AdminCatalog.DESCRIPTIONS.keySet());
        AdminCatalog.PERMISSIONS.values().forEach(ops -> ops.forEach(op -> assertTrue(AdminCatalog.reserved(op), op)));
    }

    @Test
    void theMigrationsBackfillExactlyThisCatalog() throws IOException {
        List<String> fromSql = new ArrayList<>();
        for (String file : List.of("V0002__audit_log_and_admin_catalog.sql", "V0006__account_export_import.sql")) {
            String sql = Files.readString(Path.of("migrations", file));
            String links = sql.substring(sql.indexOf("INSERT INTO permission_operation"));
            Matcher m = Pattern.compile("\\('(rbac\\.[^']+)', '(rbac\\.[^']+)'\\)").matcher(links);
            while (m.find()) {
                fromSql.add(m.group(1) + " " + m.group(2));
            }
        }
        List<String> fromCode = new ArrayList<>();
        AdminCatalog.PERMISSIONS.forEach((p, ops) -> ops.forEach(op -> fromCode.add(p + " " + op)));
        assertEquals(fromCode, fromSql);
    }
}
