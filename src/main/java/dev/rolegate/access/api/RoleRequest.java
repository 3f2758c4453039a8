package dev.rolegate.access.api;

import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code PUT /v1/accounts/{a}/roles/{role}}.
 *
 * @param description free text, at most 1024 characters
 * @param permissions grants: permission names of the catalog, {@code prefix.*} or {@code *}; at most 1000
 * @param inherits    names of existing roles this role inherits (no cycles); at most 100
 */
public record RoleRequest(String description, @Size(max = 1000) List<String> permissions, @Size(max = 100) List<String> inherits) {
}
