package dev.rolegate.access.api;

import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code PUT /v1/accounts/{a}/permissions/{permission}}.
 *
 * @param description free text, at most 1024 characters
 * @param operations  the operations this permission covers (names), at most 1000
 */
public record PermissionRequest(String description, @Size(max = 1000) List<String> operations) {
}
