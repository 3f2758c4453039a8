package dev.rolegate.directory.api;

/** A group as the API shows it. {@code source}: {@code local}, {@code saml} or {@code ldap}. */
public record GroupResponse(String id, String displayName, String source) {
}
