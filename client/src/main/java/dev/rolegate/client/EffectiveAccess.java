package dev.rolegate.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * "What may this user do": the permissions the user holds and the operations the user may
 * perform, each sorted, at {@link #revision()}. {@code operations()} is exactly the set of
 * operations whose check is allowed. A disabled user holds nothing (both empty).
 * Immutable.
 */
public final class EffectiveAccess {

    private final List<String> permissions;
    private final List<String> operations;
    private final long revision;

    @JsonCreator
    EffectiveAccess(@JsonProperty("permissions") List<String> permissions,
                    @JsonProperty("operations") List<String> operations, @JsonProperty("revision") long revision) {
        this.permissions = permissions == null ? List.of() : List.copyOf(permissions);
        this.operations = operations == null ? List.of() : List.copyOf(operations);
        this.revision = revision;
    }

    /** The permissions held, sorted (concrete catalog names; wildcards are expanded). */
    public List<String> permissions() {
        return permissions;
    }

    /** The operations allowed, sorted. */
    public List<String> operations() {
        return operations;
    }

    /** The account revision this was computed at. */
    public long revision() {
        return revision;
    }

    @Override
    public String toString() {
        return "EffectiveAccess[revision=" + revision + ", permissions=" + permissions + ", operations=" + operations + "]";
    }
}
