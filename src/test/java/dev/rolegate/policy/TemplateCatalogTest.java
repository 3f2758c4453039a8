package dev.rolegate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.engine.Names;
import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.RoleDef;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped catalog, its index, and the shape of the saas-analytics template. */
class TemplateCatalogTest {

    private final TemplateCatalog catalog = TemplateCatalog.shipped();

    @Test
    void indexListsExactlyTheTemplateFilesOfTheFolder() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("policies/templates"))) {
            List<String> onDisk = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(TemplateLoader.EXTENSION))
                    .map(f -> f.substring(0, f.length() - TemplateLoader.EXTENSION.length()))
                    .sorted()
                    .toList();
            assertEquals(onDisk, catalog.names().stream().sorted().toList());
        }
    }

    @Test
    void everyShippedTemplateLoadsWithoutWarnings() {
        for (String name : catalog.names()) {
            Template template = catalog.find(name).orElseThrow();
            assertEquals(name, template.name());
            assertEquals(List.of(), template.warnings(), name);
        }
    }

    @Test
    void unknownAndMalformedNamesFindNothing() {
        assertEquals(Optional.empty(), catalog.find("nope"));
        assertEquals(Optional.empty(), catalog.find("../templates/saas-analytics"));
        assertEquals(Optional.empty(), catalog.find("SAAS-ANALYTICS"));
    }

    @Test
    void saasAnalyticsHasTheRolesOfTheHeapModel() {
        Template template = catalog.find("saas-analytics").orElseThrow();
        assertEquals(List.of("owner", "admin", "analyst", "viewer"), template.roles().stream().map(RoleDef::name).toList());
        assertEquals(List.of("*"), template.role("owner").orElseThrow().grants());
        // three levels: admin -> analyst -> viewer
        assertEquals(List.of("analyst"), template.role("admin").orElseThrow().inherits());
        assertEquals(List.of("viewer"), template.role("analyst").orElseThrow().inherits());
        assertEquals(List.of(), template.role("viewer").orElseThrow().inherits());
        for (String permission : List.of("report.view", "report.edit", "report.share", "dashboard.view",
                "dashboard.edit", "users.manage", "billing.view", "billing.manage", "data.export", "integrations.use")) {
            assertTrue(template.permission(permission).isPresent(), permission);
        }
        assertTrue(template.permissions().stream().noneMatch(p -> p.operations().isEmpty()));
    }

    @Test
    void saasAnalyticsHasOperationsThatNeedTwoPermissions() {
        Template template = catalog.find("saas-analytics").orElseThrow();
        Map<String, List<String>> requiredBy = new HashMap<>();
        for (PermissionDef permission : template.permissions()) {
            permission.operations().forEach(op -> requiredBy.computeIfAbsent(op, o -> new java.util.ArrayList<>())
                    .add(permission.name()));
        }
        assertEquals(List.of("report.share", "integrations.use"), requiredBy.get("report.share_to_slack"));
        assertEquals(List.of("report.view", "data.export"), requiredBy.get("report.export_csv"));
    }

    @Test
    void everyGrantOfSaasAnalyticsCoversADeclaredPermission() {
        Template template = catalog.find("saas-analytics").orElseThrow();
        for (RoleDef role : template.roles()) {
            for (String grant : role.grants()) {
                assertTrue(template.permissions().stream().anyMatch(p -> Names.grantCovers(grant, p.name())),
                        role.name() + " grants " + grant);
            }
        }
    }

    @Test
    void brokenIndexAndTemplatesAreAllReported(@TempDir Path root) throws IOException {
        Path templates = Files.createDirectories(root.resolve("policies/templates"));
        Files.writeString(templates.resolve("index.txt"), """
                # comment
                good
                  Bad_Name
                ghost   # listed, not shipped
                broken
                good
                """);
        Files.writeString(templates.resolve("good.yaml"), "template: good\npermissions: {}\nroles: {}\n");
        Files.writeString(templates.resolve("broken.yaml"), "template: broken\npermissions: {}\nroles: []\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            List<String> rendered = assertThrows(PolicyException.class, () -> new TemplateCatalog(loader))
                    .problems().stream().map(PolicyProblem::render).toList();
            assertEquals(List.of(
                    "policies/templates/index.txt:3:3: template name 'Bad_Name' is not valid: use lowercase letters, "
                            + "digits, '_', '.' and '-', starting with a letter or digit, at most 128 characters",
                    "policies/templates/index.txt:4:1: template 'ghost' is listed but "
                            + "policies/templates/ghost.yaml is not on the classpath",
                    "policies/templates/index.txt:6:1: template 'good' is listed twice",
                    "policies/templates/broken.yaml:3:8: 'roles' must be a mapping (key: value), found a list"),
                    rendered);
        }
    }

    @Test
    void missingIndex(@TempDir Path root) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            PolicyException e = assertThrows(PolicyException.class, () -> new TemplateCatalog(loader));
            assertEquals("policies/templates/index.txt:1:1: no template index on the classpath", e.getMessage());
        }
    }
}
