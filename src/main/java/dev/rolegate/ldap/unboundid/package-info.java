/**
 * The UnboundID LDAP SDK adapter: the only package that imports {@code com.unboundid}. It
 * implements {@link dev.rolegate.ldap.LdapDirectory} ({@link dev.rolegate.ldap.unboundid.UnboundIdDirectory})
 * and {@link dev.rolegate.ldap.DirectoryReader}
 * ({@link dev.rolegate.ldap.unboundid.UnboundIdDirectoryReader}).
 *
 * <p>What it does for the pure side: parses the settings' URL, DNs (RFC 4514, {@code DN}) and
 * filters (RFC 4515, {@code Filter}) and never concatenates strings into either; builds every
 * filter it adds itself ({@code modifyTimestamp>=}, {@code uSNChanged>=}, user look-ups) with
 * {@code Filter.create*Filter}, which escapes values; connects over LDAPS or StartTLS (RFC 4511
 * §4.14, RFC 4513 §3) with the configured CA and hostname verification; pools connections and
 * drops broken ones; pages searches (RFC 2696); follows Active Directory ranged attribute values
 * (MS-ADTS §3.1.1.3.1.3.3); maps {@code entryUUID} (RFC 4530) and {@code objectGUID} to stable
 * ids; and maps library failures to {@link dev.rolegate.ldap.LdapException} codes without ever
 * putting the bind password in a message.
 *
 * <p>Depends on {@link dev.rolegate.ldap} and the JDK besides UnboundID; nothing but the service
 * wiring should depend on this package.
 */
package dev.rolegate.ldap.unboundid;
