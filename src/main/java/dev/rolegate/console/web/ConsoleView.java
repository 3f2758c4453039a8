package dev.rolegate.console.web;

import dev.rolegate.console.ConsoleFilter;
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

    /** The path of a console page of this account, {@code /console/{account}/} + {@code rest}. */
    public String path(String rest) {
        return "/console/" + account() + "/" + rest;
    }
}
