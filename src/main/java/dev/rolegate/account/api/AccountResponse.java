package dev.rolegate.account.api;

/** An account as the API shows it. */
public record AccountResponse(String id, String name, String template, long revision) {
}
