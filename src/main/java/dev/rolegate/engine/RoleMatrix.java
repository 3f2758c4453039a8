package dev.rolegate.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The role × permission matrix of one account (issue 13 item 5): per role, the permissions of the
 * catalog its own grants cover (wildcards expanded, {@link Names#grantCovers}), those it carries
 * only through the roles it inherits (transitively), and the operations the two together allow
 * by the decision rule (an operation needs every permission that lists it). What a user holding
 * just that role, through an assignment in force, may do.
 *
 * <p>Tolerant where the compiler is strict, so that it can also lay a template's roles over an
 * account's catalog: a grant that covers no permission adds nothing, an inherited role that does
 * not exist is skipped, a cycle is walked once. Stateless, thread safe; cost roles × grants ×
 * permissions.
 */
public final class RoleMatrix {

    private RoleMatrix() {
    }

    /**
     * One role's row, every list sorted.
     *
     * @param role       the role name
     * @param grants     its own grants as written (names and wildcards)
     * @param inherits   the roles it inherits directly
     * @param own        the catalog's permissions its own grants cover
     * @param inherited  the permissions it carries through inherited roles and not through its own grants
     * @param operations the operations {@code own} and {@code inherited} together allow
     */
    public record Row(String role, List<String> grants, List<String> inherits, List<String> own, List<String> inherited,
                      List<String> operations) {
        public Row {
            Objects.requireNonNull(role, "role");
            grants = List.copyOf(grants);
            inherits = List.copyOf(inherits);
            own = List.copyOf(own);
            inherited = List.copyOf(inherited);
            operations = List.copyOf(operations);
        }

        /** Every permission the role carries: {@code own} and {@code inherited}. */
        public Set<String> permissions() {
            TreeSet<String> all = new TreeSet<>(own);
            all.addAll(inherited);
            return all;
        }
    }

    /** The rows of {@code roles} over {@code catalog}, sorted by role name. */
    public static List<Row> of(List<PermissionDef> catalog, List<RoleDef> roles) {
        Map<String, RoleDef> byName = new HashMap<>();
        roles.forEach(r -> byName.put(r.name(), r));
        Map<String, List<String>> listing = new HashMap<>();
        for (PermissionDef p : catalog) {
            for (String operation : p.operations()) {
                listing.computeIfAbsent(operation, k -> new ArrayList<>()).add(p.name());
            }
        }
        List<Row> rows = new ArrayList<>(roles.size());
        for (RoleDef role : roles) {
            TreeSet<String> own = covered(catalog, role.grants());
            TreeSet<String> all = new TreeSet<>(own);
            TreeSet<String> seen = new TreeSet<>(List.of(role.name()));
            ArrayDeque<String> todo = new ArrayDeque<>(role.inherits());
            while (!todo.isEmpty()) {
                RoleDef parent = byName.get(todo.pop());
                if (parent != null && seen.add(parent.name())) {
                    all.addAll(covered(catalog, parent.grants()));
                    todo.addAll(parent.inherits());
                }
            }
            TreeSet<String> inherited = new TreeSet<>(all);
            inherited.removeAll(own);
            TreeSet<String> operations = new TreeSet<>();
            listing.forEach((operation, needs) -> {
                if (all.containsAll(needs)) {
                    operations.add(operation);
                }
            });
            rows.add(new Row(role.name(), new TreeSet<>(role.grants()).stream().toList(), new TreeSet<>(role.inherits()).stream().toList(),
                    own.stream().toList(), inherited.stream().toList(), operations.stream().toList()));
        }
        rows.sort(java.util.Comparator.comparing(Row::role));
        return rows;
    }

    private static TreeSet<String> covered(List<PermissionDef> catalog, List<String> grants) {
        TreeSet<String> out = new TreeSet<>();
        for (PermissionDef p : catalog) {
            for (String grant : grants) {
                if (Names.grantCovers(grant, p.name())) {
                    out.add(p.name());
                    break;
                }
            }
        }
        return out;
    }
}
