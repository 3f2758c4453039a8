package dev.rolegate.engine;

import java.util.List;

/**
 * What one subject may do at one instant: "what may this user do".
 *
 * @param permissions the permissions held, sorted by name
 * @param operations  the operations allowed (every permission that lists them is held), sorted
 */
public record EffectiveAccess(List<String> permissions, List<String> operations) {

    public static final EffectiveAccess NOTHING = new EffectiveAccess(List.of(), List.of());

    public EffectiveAccess {
        permissions = List.copyOf(permissions);
        operations = List.copyOf(operations);
    }
}
