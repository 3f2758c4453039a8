package dev.rolegate.directory.api;

/**
 * Body of {@code PUT /v1/accounts/{a}/users/{user}}.
 *
 * @param email       optional email address
 * @param displayName optional name to show, at most 1024 characters
 * @param status      {@code active} (default) or {@code disabled}; a disabled user holds nothing
 */
public record UserRequest(String email, String displayName, String status) {
}
