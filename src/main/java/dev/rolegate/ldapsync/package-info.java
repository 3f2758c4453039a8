/**
 * LDAP sync, the service half (issue 6): stores an account's {@link dev.rolegate.ldap.LdapSettings}
 * (bind password sealed at rest), runs syncs with the {@link dev.rolegate.ldap.LdapDirectory} port
 * and the pure {@link dev.rolegate.ldap.SyncPlanner}, applies a ready plan in one transaction, and
 * records every run. Only this package's wiring ({@link dev.rolegate.ldapsync.LdapWiring}) names
 * the UnboundID adapter.
 */
package dev.rolegate.ldapsync;
