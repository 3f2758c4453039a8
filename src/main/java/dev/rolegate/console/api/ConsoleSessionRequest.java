package dev.rolegate.console.api;

/**
 * Body of {@code POST /v1/accounts/{a}/console/sessions}.
 *
 * @param admin     id of the user of the account the console opens as (required)
 * @param returnUrl the vendor's page the console links back to (optional): absolute {@code https},
 *                  or {@code http} on a loopback host
 */
public record ConsoleSessionRequest(String admin, String returnUrl) {
}
