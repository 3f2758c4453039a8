/**
 * Test support for LDAP: generated TLS certificates ({@link dev.rolegate.ldap.testing.TestCertificates}),
 * UnboundID in-memory directories seeded from LDIF ({@link dev.rolegate.ldap.testing.TestDirectory}),
 * an Active Directory range-retrieval imitation ({@link dev.rolegate.ldap.testing.AdRangeInterceptor})
 * and a real OpenLDAP server harness ({@link dev.rolegate.ldap.testing.Slapd}) for integration
 * tests, here and in the service's {@code @QuarkusTest}s.
 */
package dev.rolegate.ldap.testing;
