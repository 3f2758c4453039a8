package dev.rolegate.access.api;

import java.util.List;

/** A permission as the API shows it; {@code operations} sorted. */
public record PermissionResponse(String id, String description, List<String> operations) {
}
