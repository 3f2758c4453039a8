/**
 * SCIM 2.0 provisioning per account (issue 15, RFC 7643 / RFC 7644): the account's SCIM bearer
 * tokens ({@link dev.rolegate.scim.ScimTokens}) and settings
 * ({@link dev.rolegate.scim.ScimSettingsService}), and the role reconciler
 * ({@link dev.rolegate.scim.ScimRoles}); {@code api} holds the admin resources, {@code store} the
 * entities. Writes go through {@link dev.rolegate.change.UnitOfWork}; nothing here caches a token.
 */
package dev.rolegate.scim;
