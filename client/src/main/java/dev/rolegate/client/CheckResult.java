package dev.rolegate.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decision of one check, as the service answered it ({@code {allowed, revision, reason?,
 * missing?, explain?}}). Immutable.
 */
public final class CheckResult {

    private final boolean allowed;
    private final long revision;
    private final String reason;
    private final List<String> missing;
    private final List<List<Step>> explain;

    @JsonCreator
    CheckResult(@JsonProperty("allowed") boolean allowed, @JsonProperty("revision") Long revision,
                @JsonProperty("reason") String reason, @JsonProperty("missing") List<String> missing,
                @JsonProperty("explain") List<List<Step>> explain) {
        this.allowed = allowed;
        this.revision = revision == null ? 0 : revision;
        this.reason = reason;
        this.missing = missing == null ? List.of() : List.copyOf(missing);
        List<List<Step>> paths = new ArrayList<>();
        if (explain != null) {
            for (List<Step> path : explain) {
                paths.add(List.copyOf(path));
            }
        }
        this.explain = List.copyOf(paths);
    }

    /** This result at {@code revision} (a batch carries one revision for all its results). */
    CheckResult atRevision(long batchRevision) {
        return new CheckResult(allowed, batchRevision, reason, missing, explain);
    }

    /** The decision: true when allowed. */
    public boolean allowed() {
        return allowed;
    }

    /** The account revision the decision was computed at. */
    public long revision() {
        return revision;
    }

    /**
     * For a denial, why: {@code unknown_account}, {@code unknown_subject}, {@code subject_disabled},
     * {@code unknown_operation}, {@code unknown_permission} or {@code missing_permission}; empty
     * when allowed.
     */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** For {@code missing_permission}: the required permissions not held, sorted; else empty. */
    public List<String> missing() {
        return missing;
    }

    /**
     * When asked for ({@link Check#withExplain()}) and allowed: one path per required permission,
     * each from the user through groups and roles to the permission and the operation; else empty.
     */
    public List<List<Step>> explain() {
        return explain;
    }

    @Override
    public String toString() {
        return "CheckResult[allowed=" + allowed + ", revision=" + revision
                + (reason == null ? "" : ", reason=" + reason) + (missing.isEmpty() ? "" : ", missing=" + missing) + "]";
    }

    /** One step of an explanation path. Immutable. */
    public static final class Step {

        private final String kind;
        private final String name;
        private final String source;

        @JsonCreator
        Step(@JsonProperty("kind") String kind, @JsonProperty("name") String name, @JsonProperty("source") String source) {
            this.kind = kind;
            this.name = name;
            this.source = source;
        }

        /** {@code user}, {@code group}, {@code role}, {@code inherited_role}, {@code permission} or {@code operation}. */
        public String kind() {
            return kind;
        }

        /** The name or id of the user, group, role, permission or operation. */
        public String name() {
            return name;
        }

        /** For the first role step: the assignment's source ({@code manual}, {@code saml}, {@code ldap}, {@code template}). */
        public Optional<String> source() {
            return Optional.ofNullable(source);
        }

        @Override
        public String toString() {
            return kind + ":" + name;
        }
    }
}
