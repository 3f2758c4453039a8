package dev.rolegate.engine;

import java.util.List;
import java.util.Objects;

/**
 * A permission of the account's catalog and the operations it covers. An operation listed by
 * several permissions requires all of them (the Heap model, DESIGN.md §1).
 *
 * @param name       a {@link Names#isName name}
 * @param operations operation names, each a {@link Names#isName name}; may be empty
 */
public record PermissionDef(String name, List<String> operations) {
    public PermissionDef {
        Objects.requireNonNull(name, "name");
        operations = List.copyOf(operations);
    }
}
