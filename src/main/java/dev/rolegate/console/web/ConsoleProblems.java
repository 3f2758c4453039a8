package dev.rolegate.console.web;

import dev.rolegate.platform.problem.Problem;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * A problem answered to a console page is shown as HTML, not as {@code application/problem+json}:
 * to an htmx request ({@code HX-Request}) as the fragment {@code console-problem.html} (an alert
 * with the problem's detail and each field error), which htmx swaps into the request's target
 * (the layout's {@code responseHandling} swaps 4xx answers); to a browser navigating ({@code Accept:
 * text/html}) as a whole page. The status stays the problem's. Other console callers, and every
 * {@code /v1} caller, keep problem+json.
 */
@TemplateData(target = Problem.class)
@TemplateData(target = dev.rolegate.platform.problem.FieldError.class)
public class ConsoleProblems {

    @Inject
    @Location("console-problem.html")
    Template fragment;

    @Inject
    @Location("console-problem-page.html")
    Template page;

    @ServerResponseFilter
    public void asHtml(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(response.getEntity() instanceof Problem problem) || !request.getUriInfo().getPath().startsWith("/console/")) {
            return;
        }
        boolean htmx = request.getHeaderString("HX-Request") != null;
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (!htmx && (accept == null || !accept.contains("text/html"))) {
            return;
        }
        String html = (htmx ? fragment : page).data("problem", problem).render();
        response.setEntity(html, null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
    }
}
