package dev.rolegate.directory.api;

/** A user as the API shows it. {@code source}: {@code local}, {@code saml} or {@code ldap}. */
public record UserResponse(String id, String email, String displayName, String status, String source) {
}
