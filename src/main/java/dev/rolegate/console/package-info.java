/**
 * The admin console (issues 13 item 8 and 14): one-time links a vendor's backend asks for, the
 * session cookie a link becomes (also after a single sign-on login of an admin, {@code SsoSignIn}),
 * and the pages served in that session. Every console request is
 * authorized as the session's admin by {@code admin.OperationFilter}, exactly like that admin's
 * own {@code /v1} call, so the no-escalation ceiling applies unchanged.
 */
package dev.rolegate.console;
