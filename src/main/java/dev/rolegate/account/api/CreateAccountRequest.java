package dev.rolegate.account.api;

/**
 * Body of {@code POST /v1/accounts} (platform scope).
 *
 * @param id       the account id, {@code [a-z0-9][a-z0-9-]{1,62}}
 * @param name     display name, at most 1024 characters
 * @param template the policy template to start from, e.g. {@code saas-analytics}
 * @param owner    optional user id, created holding the template's {@code owner} role
 */
public record CreateAccountRequest(String id, String name, String template, String owner) {
}
