package dev.rolegate.console.web;

import dev.rolegate.admin.AdminGuard;
import dev.rolegate.console.ConsoleSettings;
import dev.rolegate.console.ConsoleSettingsService;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.AdminOperation;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The console's settings screen (issue 14 item 3): where the console may be embedded and the
 * account's brand, as {@code GET}/{@code PUT /v1/accounts/{account}/console/settings} read and
 * write them; and the brand's two resources the layout links, {@code brand.css} (the colour as
 * CSS custom properties, since the CSP allows no inline style) and {@code brand/logo}.
 */
@Path("/console/{account}")
public class SettingsPages {

    /** The permission that may change the settings; others see them read-only. */
    static final String WRITE = "rbac.console.write";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance settings(Form form, boolean mayChange, FormErrors errors, String saved);
    }

    /**
     * What the form shows: the origins one per line, the colour, and whether there is a logo.
     *
     * @param origins the framing origins, one per line
     * @param brandColor {@code #rrggbb}, or empty for Rolegate's own
     * @param hasLogo true when the account has a logo
     */
    public record Form(String origins, String brandColor, boolean hasLogo) {
        static Form of(ConsoleSettings s) {
            return new Form(String.join("\n", s.frameAncestors()), s.brandColor().orElse(""), s.logo().isPresent());
        }
    }

    @Inject
    ConsoleSettingsService settings;

    @Inject
    AdminGuard guard;

    @GET
    @Path("settings")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.console.settings.get")
    public TemplateInstance show(@PathParam("account") String account) {
        return Templates.settings(Form.of(settings.find(account)), mayChange(account), FormErrors.NONE, null);
    }

    /**
     * Saves the form as {@code PUT .../console/settings} would: origins one per line; the colour;
     * a new logo (multipart file, its type taken from its bytes) or {@code removeLogo}. A refusal
     * re-renders the form with each error under its field (the origin's line named) and keeps
     * what was stored.
     */
    @POST
    @Path("settings")
    @Produces(MediaType.TEXT_HTML)
    @AdminOperation("rbac.console.settings.put")
    public Response save(@PathParam("account") String account, @RestForm String origins, @RestForm String brandColor,
                         @RestForm("logo") FileUpload logo, @RestForm String removeLogo) {
        List<String> lines = origins == null ? List.of()
                : Arrays.stream(origins.split("\\R")).map(String::strip).filter(l -> !l.isEmpty()).toList();
        ConsoleSettings current = settings.find(account);
        Form sent = new Form(origins == null ? "" : origins, brandColor == null ? "" : brandColor, current.logo().isPresent());
        try {
            Optional<ConsoleSettings.Logo> image = current.logo();
            if (removeLogo != null) {
                image = Optional.empty();
            } else if (logo != null && logo.size() > 0) {
                image = Optional.of(uploaded(logo));
            }
            ConsoleSettings checked = ConsoleSettingsService.validate(lines, brandColor, null);
            ConsoleSettings stored = new ConsoleSettings(checked.frameAncestors(), checked.brandColor(), image);
            settings.put(account, stored);
            return Response.ok(Templates.settings(Form.of(stored), true, FormErrors.NONE, "Saved. New console pages use these settings.")).build();
        } catch (ProblemException refused) {
            FormErrors errors = FormErrors.of(byLine(refused.problem(), lines));
            return Response.status(errors.status()).entity(Templates.settings(sent, true, errors, null)).build();
        }
    }

    /** The colour as CSS custom properties, with a text colour that reads on it (WCAG 2.1 contrast). */
    @GET
    @Path("brand.css")
    @Produces("text/css")
    @AdminOperation("rbac.console.open")
    public String brandCss(@PathParam("account") String account) {
        Optional<String> color = settings.find(account).brandColor();
        if (color.isEmpty()) {
            return "/* no brand colour set */\n";
        }
        // stored values are #rrggbb only (ConsoleSettingsService.validate), so nothing here can end the rule
        return ":root { --brand: " + color.get() + "; --brand-ink: " + inkOn(color.get()) + "; }\n";
    }

    /** The logo's bytes with their media type; 404 when there is none. */
    @GET
    @Path("brand/logo")
    @AdminOperation("rbac.console.open")
    public Response logo(@PathParam("account") String account) {
        return settings.find(account).logo()
                .map(l -> Response.ok(l.bytes(), l.mediaType()).build())
                .orElseThrow(() -> ProblemException.notFound("logo_not_found", "This account has no logo."));
    }

    private boolean mayChange(String account) {
        return guard.heldPermissions(account, guard.caller()).contains(WRITE);
    }

    private static ConsoleSettings.Logo uploaded(FileUpload upload) {
        try {
            return ConsoleSettingsService.logo(Files.readAllBytes(upload.uploadedFile()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("/logo", e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The API's {@code /frameAncestors/{i}} pointers, as the textarea's lines: "line 2 (http://x): ...". */
    private static Problem byLine(Problem problem, List<String> lines) {
        List<FieldError> errors = new ArrayList<>();
        for (FieldError e : problem.errors()) {
            String p = e.pointer();
            if (p.startsWith("/frameAncestors/")) {
                int i = Integer.parseInt(p.substring("/frameAncestors/".length()));
                errors.add(new FieldError("/frameAncestors", "Line " + (i + 1) + " (" + lines.get(i) + ") " + e.message()));
            } else {
                errors.add(e);
            }
        }
        return new Problem(problem.type(), problem.title(), problem.status(), problem.detail(), problem.code(), errors);
    }

    /** Black or white text, whichever contrasts more with {@code #rrggbb} (WCAG 2.1 relative luminance). */
    static String inkOn(String hex) {
        double l = 0;
        double[] weights = {0.2126, 0.7152, 0.0722};
        for (int i = 0; i < 3; i++) {
            double c = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            l += weights[i] * (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
        // contrast with white (1.05 / (l + 0.05)) against contrast with #1f2933 (≈ luminance 0.022)
        return 1.05 / (l + 0.05) >= (l + 0.05) / 0.072 ? "#ffffff" : "#1f2933";
    }
}
