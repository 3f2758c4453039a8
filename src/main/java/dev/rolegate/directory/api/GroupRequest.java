package dev.rolegate.directory.api;

/** Body of {@code PUT /v1/accounts/{a}/groups/{group}}. */
public record GroupRequest(String displayName) {
}
