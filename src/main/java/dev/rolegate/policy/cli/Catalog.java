package dev.rolegate.policy.cli;

import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.RoleDef;
import dev.rolegate.policy.AdminCatalog;
import dev.rolegate.policy.Template;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A permission catalog and roles in comparable form, from a template or from the
 * {@code catalog} of an account export: names sorted, lists as sorted sets (their order means
 * nothing), a missing description as {@code ""}. The built-in {@code rbac.*} permissions are
 * left out: every account holds them whatever its template ({@link AdminCatalog}). Immutable.
 *
 * @param permissions permission name → its description and operations
 * @param roles       role name → its description, grants and inherited roles
 */
record Catalog(SortedMap<String, Permission> permissions, SortedMap<String, Role> roles) {

    Catalog {
        permissions = Collections.unmodifiableSortedMap(new TreeMap<>(permissions));
        roles = Collections.unmodifiableSortedMap(new TreeMap<>(roles));
        permissions.keySet().forEach(name -> {
            if (AdminCatalog.reserved(name)) {
                throw new IllegalArgumentException("built-in permission in a compared catalog: " + name);
            }
        });
    }

    /** A permission: its description ({@code ""} when none) and the operations it lists. */
    record Permission(String description, SortedSet<String> operations) {
        Permission(String description, Collection<String> operations) {
            this(description, sorted(operations));
        }

        Permission {
            Objects.requireNonNull(description, "description");
            operations = sorted(operations);
        }

        /** Its lists by field name, for comparing. */
        Map<String, SortedSet<String>> lists() {
            return Map.of("operations", operations);
        }
    }

    /** A role: its description ({@code ""} when none), grants and inherited roles. */
    record Role(String description, SortedSet<String> grants, SortedSet<String> inherits) {
        Role(String description, Collection<String> grants, Collection<String> inherits) {
            this(description, sorted(grants), sorted(inherits));
        }

        Role {
            Objects.requireNonNull(description, "description");
            grants = sorted(grants);
            inherits = sorted(inherits);
        }

        /** Its lists by field name, in this order: grants, inherits. */
        Map<String, SortedSet<String>> lists() {
            Map<String, SortedSet<String>> lists = new LinkedHashMap<>();
            lists.put("grants", grants);
            lists.put("inherits", inherits);
            return lists;
        }
    }

    /** The template's own permissions (not the built-in ones it carries) and its roles. */
    static Catalog of(Template template) {
        SortedMap<String, Permission> permissions = new TreeMap<>();
        for (PermissionDef p : template.permissions()) {
            if (!AdminCatalog.reserved(p.name())) {
                permissions.put(p.name(), new Permission(template.permissionDescriptions().get(p.name()), p.operations()));
            }
        }
        SortedMap<String, Role> roles = new TreeMap<>();
        for (RoleDef r : template.roles()) {
            roles.put(r.name(), new Role(template.roleDescriptions().get(r.name()), r.grants(), r.inherits()));
        }
        return new Catalog(permissions, roles);
    }

    /** Without the built-in {@code rbac.*} permissions, which an export may list. */
    static Catalog withoutBuiltIns(Map<String, Permission> permissions, Map<String, Role> roles) {
        SortedMap<String, Permission> own = new TreeMap<>(permissions);
        own.keySet().removeIf(AdminCatalog::reserved);
        return new Catalog(own, new TreeMap<>(roles));
    }

    private static SortedSet<String> sorted(Collection<String> items) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(items));
    }
}
