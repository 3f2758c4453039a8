package dev.rolegate.console.web;

import dev.rolegate.console.ConsoleFilter;
import dev.rolegate.console.ConsoleSessions;
import dev.rolegate.console.store.ConsoleStore;
import dev.rolegate.token.AdminOperation;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The console's pages, served in a console session ({@link ConsoleFilter}) except the link
 * opener. Each page and action declares the {@code rbac.*} operation it performs, like the
 * {@code /v1} endpoint it stands beside, and is authorized as the session's admin by
 * {@code admin.OperationFilter}; a change calls the same service, with the same no-escalation
 * ceiling (the admin's own held permissions). Not part of the API document.
 */
@Path("/console/{account}")
public class ConsolePages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home();

        static native TemplateInstance signedOut(String account, String returnUrl);

    }

    @Inject
    ConsoleSessions sessions;

    @Inject
    RoutingContext routing;

    /**
     * Opens a console link: the link is used up, a session cookie is set (HttpOnly, path
     * {@code /console/{account}/}, no Max-Age: the server ends it; Secure and SameSite=None unless
     * the service runs on plain http on loopback, where it is SameSite=Lax), and the browser goes
     * to the console's home.
     *
     * @throws dev.rolegate.platform.problem.ProblemException 404 {@code console_link_invalid}
     */
    @GET
    @Path("open")
    public Response open(@PathParam("account") String account, @QueryParam("link") String link) {
        ConsoleSessions.Opened opened = sessions.open(account, link);
        return Response.seeOther(URI.create(ConsoleSessions.ConsolePaths.home(account)))
                .cookie(sessionCookie(account, opened.cookie(), NewCookie.DEFAULT_MAX_AGE))
                .build();
    }

    /** The console's home: who is signed in, for which account, and the way back to the vendor's page. */
    @GET
    @Path("")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.console.open")
    public TemplateInstance home(@PathParam("account") String account) {
        return Templates.home();
    }

    /** Signs out: the session ends on every replica, and the cookie is cleared. */
    @POST
    @Path("session/end")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.console.open")
    public Response signOut(@PathParam("account") String account, @CookieParam(ConsoleFilter.COOKIE) String cookie) {
        ConsoleStore.Session session = session();
        sessions.end(cookie);
        return Response.ok(Templates.signedOut(account, session.returnUrl().orElse(null)))
                .cookie(sessionCookie(account, "", 0))
                .build();
    }

    private ConsoleStore.Session session() {
        return routing.get(ConsoleFilter.SESSION);
    }

    private NewCookie sessionCookie(String account, String value, int maxAgeSeconds) {
        boolean secure = sessions.secureCookies();
        return new NewCookie.Builder(ConsoleFilter.COOKIE)
                .value(value)
                .path(ConsoleSessions.ConsolePaths.home(account))
                .httpOnly(true)
                .secure(secure)
                .sameSite(secure ? NewCookie.SameSite.NONE : NewCookie.SameSite.LAX)
                .maxAge(maxAgeSeconds)
                .build();
    }
}
