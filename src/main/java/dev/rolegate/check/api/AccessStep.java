package dev.rolegate.check.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rolegate.engine.AccessPaths;
import dev.rolegate.engine.Explanation;
import dev.rolegate.engine.Validity;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One step of an access path on the wire: the {@link CheckResponse.PathStep} fields and, on the
 * step of the assignment (the first role), its validity.
 *
 * @param kind      {@code user}, {@code group}, {@code role}, {@code inherited_role}, {@code permission}
 * @param name      the user or group id, role or permission name
 * @param source    on the assignment's role step: {@code manual}, {@code saml}, {@code ldap} or {@code template}
 * @param validFrom on the assignment's role step: when it starts (RFC 3339, inclusive); omitted when it always did
 * @param expiresAt on the assignment's role step: when it ends (RFC 3339, exclusive); omitted when it never does
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AccessStep(String kind, String name, String source, Instant validFrom, Instant expiresAt) {

    /** The steps of an engine path, the validity on the step that carries the source. */
    public static List<AccessStep> of(AccessPaths.Path path) {
        Validity v = path.validity();
        Instant from = v.from().equals(Instant.MIN) ? null : v.from();
        Instant until = v.until().equals(Instant.MAX) ? null : v.until();
        return path.steps().stream().map(s -> s.kind() == Explanation.Kind.ROLE
                ? new AccessStep(kind(s), s.name(), s.source(), from, until)
                : new AccessStep(kind(s), s.name(), null, null, null)).toList();
    }

    private static String kind(Explanation.Step step) {
        return step.kind().name().toLowerCase(Locale.ROOT);
    }
}
