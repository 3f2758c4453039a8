package dev.rolegate.policy;

import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.RoleDef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A validated account template: the permission catalog and the default roles a new account
 * starts with (DESIGN.md §2). Built only by {@link TemplateLoader}, so every name is valid,
 * every grant names a declared permission (or is a wildcard), every inherited role exists and
 * inheritance has no cycle. Immutable and thread safe.
 *
 * @param name                   the template name, equal to its file name without {@code .yaml}
 * @param description            free text, {@code ""} when absent
 * @param permissions            the permission catalog, in file order
 * @param roles                  the default roles, in file order
 * @param permissionDescriptions permission name → description ({@code ""} when absent), in file
 *                               order, one entry per permission
 * @param roleDescriptions       role name → description ({@code ""} when absent), in file order,
 *                               one entry per role
 * @param warnings               problems that do not stop the template from loading
 *                               ({@code wildcard_matches_nothing}); empty for a clean template
 */
public record Template(
        String name,
        String description,
        List<PermissionDef> permissions,
        List<RoleDef> roles,
        Map<String, String> permissionDescriptions,
        Map<String, String> roleDescriptions,
        List<PolicyProblem> warnings) {

    public Template {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        permissions = List.copyOf(permissions);
        roles = List.copyOf(roles);
        permissionDescriptions = Collections.unmodifiableMap(new LinkedHashMap<>(permissionDescriptions));
        roleDescriptions = Collections.unmodifiableMap(new LinkedHashMap<>(roleDescriptions));
        warnings = List.copyOf(warnings);
    }

    /** The permission with this name, if declared. */
    public Optional<PermissionDef> permission(String permission) {
        return permissions.stream().filter(p -> p.name().equals(permission)).findFirst();
    }

    /** The role with this name, if declared. */
    public Optional<RoleDef> role(String role) {
        return roles.stream().filter(r -> r.name().equals(role)).findFirst();
    }

    /** Every operation some permission lists, sorted. */
    public SortedSet<String> operations() {
        SortedSet<String> operations = new TreeSet<>();
        permissions.forEach(p -> operations.addAll(p.operations()));
        return Collections.unmodifiableSortedSet(operations);
    }
}
