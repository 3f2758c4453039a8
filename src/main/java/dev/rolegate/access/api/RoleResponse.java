package dev.rolegate.access.api;

import java.util.List;

/** A role as the API shows it; lists sorted. */
public record RoleResponse(String id, String description, List<String> permissions, List<String> inherits) {
}
