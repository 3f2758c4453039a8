/**
 * LDAP and Active Directory sync, the pure half: settings, the model a directory read produces,
 * the port to the directory ({@link dev.rolegate.ldap.LdapDirectory},
 * {@link dev.rolegate.ldap.DirectoryReader}) and the sync planner
 * ({@link dev.rolegate.ldap.SyncPlanner}), which turns a read and what Rolegate holds into a
 * {@link dev.rolegate.ldap.SyncPlan}.
 *
 * <p>Imports {@code java.*}, {@link dev.rolegate.engine} names and this package only: no
 * UnboundID, Quarkus, JPA or HTTP types. UnboundID lives in
 * {@link dev.rolegate.ldap.unboundid}, the only place that parses DNs and filters; DNs reach this
 * package as {@link dev.rolegate.ldap.DirectoryDn} values that the adapter normalized. Everything
 * here is immutable and safe to share between threads, and the planner does no I/O.
 *
 * <p>Vocabulary as in DESIGN.md §4 and STYLE.md: DN, RDN, base DN, bind DN, sync run, sync plan;
 * a user's or group's <em>stable id</em> is its {@code entryUUID} (RFC 4530) or AD
 * {@code objectGUID}, never its DN.
 */
package dev.rolegate.ldap;
