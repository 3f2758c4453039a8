package dev.rolegate.engine;

import java.util.Objects;

/**
 * A user of the account as the engine sees it: an id and whether it is active. A disabled user
 * holds nothing, whatever is assigned.
 *
 * @param id     a {@link Names#isUserId user id}
 * @param active false for status {@code disabled}
 */
public record UserDef(String id, boolean active) {
    public UserDef {
        Objects.requireNonNull(id, "id");
    }
}
