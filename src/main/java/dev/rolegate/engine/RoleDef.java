package dev.rolegate.engine;

import java.util.List;
import java.util.Objects;

/**
 * A role: the permissions it grants and the roles it inherits (a DAG, never a cycle).
 *
 * @param name     a {@link Names#isName name}
 * @param grants   permission names or wildcards ({@code report.*}, {@code *}), each a {@link Names#isGrant grant}
 * @param inherits names of roles whose grants this role also carries
 */
public record RoleDef(String name, List<String> grants, List<String> inherits) {
    public RoleDef {
        Objects.requireNonNull(name, "name");
        grants = List.copyOf(grants);
        inherits = List.copyOf(inherits);
    }
}
