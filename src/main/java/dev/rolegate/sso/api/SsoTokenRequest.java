package dev.rolegate.sso.api;

/** Body of {@code POST /v1/accounts/{a}/sso/token}: the one-time code the ACS put in the redirect. */
public record SsoTokenRequest(String code) {
}
