package dev.rolegate.console.web;

import dev.rolegate.console.ConsoleFilter;
import dev.rolegate.console.ConsoleSettings;
import dev.rolegate.console.ConsoleSettingsService;
import dev.rolegate.console.store.ConsoleStore;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * What every console page's frame shows about the request's session, for the templates as
 * {@code {inject:console.account}}, {@code {inject:console.admin}}, {@code {inject:console.csrf}}
 * and {@code {inject:console.returnUrl}}; so a page template passes only its own data and includes
 * {@code console-layout} with its {@code section} (the navigation entry it belongs to). Only valid on
 * a request that {@link ConsoleFilter} admitted.
 */
@RequestScoped
@Named("console")
public class ConsoleView {

    @Inject
    RoutingContext routing;

    @Inject
    ConsoleSettingsService settingsService;

    private ConsoleSettings settings;

    /** The request's console session; {@link IllegalStateException} when the filter did not admit one. */
    public ConsoleStore.Session session() {
        ConsoleStore.Session session = routing.get(ConsoleFilter.SESSION);
        if (session == null) {
            throw new IllegalStateException("no console session on this request");
        }
        return session;
    }

    public String account() {
        return session().account();
    }

    /** The session's admin: a user id of the account. */
    public String admin() {
        return session().admin();
    }

    /** The session's anti-CSRF token, which htmx sends as {@value ConsoleFilter#CSRF_HEADER} on every request. */
    public String csrf() {
        return session().csrfToken();
    }

    /** The vendor's page to go back to, or null. */
    public String returnUrl() {
        return session().returnUrl().orElse(null);
    }

    /** The account's console settings, read once per request. */
    public ConsoleSettings settings() {
        if (settings == null) {
            settings = settingsService.find(account());
        }
        return settings;
    }

    /** The account's brand colour ({@code #rrggbb}), or null: the layout then links no brand sheet. */
    public String brandColor() {
        return settings().brandColor().orElse(null);
    }

    /** True when the account has a logo, served at {@code /console/{account}/brand/logo}. */
    public boolean hasLogo() {
        return settings().logo().isPresent();
    }

    /** The path of a console page of this account, {@code /console/{account}/} + {@code rest}. */
    public String path(String rest) {
        return "/console/" + account() + "/" + rest;
    }
}
