package dev.rolegate.console.api;

/**
 * A console link, answer of {@code POST /v1/accounts/{a}/console/sessions}.
 *
 * @param url       the one-time link to send the admin's browser to (it holds the secret: never log it)
 * @param expiresAt RFC 3339 instant after which the link no longer opens (at most 5 minutes away)
 */
public record ConsoleSessionResponse(String url, String expiresAt) {
}
