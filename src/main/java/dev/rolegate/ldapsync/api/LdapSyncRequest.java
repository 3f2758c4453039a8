package dev.rolegate.ldapsync.api;

/** Body of {@code POST .../directory/ldap/sync}. */
public record LdapSyncRequest(String mode, Boolean dryRun, Boolean async) {
}
