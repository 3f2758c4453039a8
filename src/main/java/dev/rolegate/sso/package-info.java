/**
 * SAML single sign-on as a service: per-account IdP configuration, the SP endpoints
 * ({@code /saml/{a}/metadata}, {@code /login}, {@code /acs}), JIT provisioning and group → role
 * sync, one-time login codes and the session JWTs with their JWKS; an on/off switch, and logins
 * started for the console or as a test ({@code SamlPurpose}), whose console session the console
 * feature makes through {@code ConsoleSignIn} (never imported from here: console depends on sso).
 * The SAML protocol itself
 * lives in {@code sso.saml} (the only place OpenSAML is used); this package depends on it, on
 * account, access, directory, token and platform.
 */
package dev.rolegate.sso;
