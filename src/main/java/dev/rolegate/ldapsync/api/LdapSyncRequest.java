package dev.rolegate.ldapsync.api;

/**
 * Body of {@code POST .../directory/ldap/sync}: {@code mode} {@code full} (default) or
 * {@code incremental}; {@code dryRun} plans and reports without applying; {@code async} answers
 * 202 at once with the running run instead of waiting for it.
 */
public record LdapSyncRequest(String mode, Boolean dryRun, Boolean async) {
}
