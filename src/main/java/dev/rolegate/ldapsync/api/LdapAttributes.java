package dev.rolegate.ldapsync.api;

/** The {@code attributes} member of the LDAP settings. */
public record LdapAttributes(String id, String userId, String email, String displayName, String disabled) {
}
