package dev.rolegate.check.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * "Every path of an access" ({@code GET .../users/{user}/access}): each permission the user
 * holds now with every path that brings it, and the operations allowed.
 *
 * @param revision    the account revision the answer was computed at
 * @param permissions the permissions held, sorted by name (the same as {@code .../permissions})
 * @param operations  the operations allowed, sorted (the same as {@code .../permissions})
 * @param truncated   present and true only when the walk hit its bound (100,000 role visits):
 *                    some paths may be missing, never a permission
 */
public record AccessPathsResponse(long revision, List<Permission> permissions, List<String> operations,
                                  @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean truncated) {

    /**
     * One permission held.
     *
     * @param name      the permission
     * @param paths     every path in force that brings it, each {@code user → (group →) role →
     *                  inherited role… → permission}; at most 64
     * @param truncated present and true only when more than 64 paths bring it
     */
    public record Permission(String name, List<List<AccessStep>> paths,
                             @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean truncated) {
    }
}
