package dev.rolegate.console.web;

import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import io.quarkus.qute.TemplateData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refused change, as a form shows it: each field error next to its field, named by the API's
 * problem+json pointer without its first character ({@code /displayName} and {@code #role} become
 * {@code displayName} and {@code role}; {@code /operations/2} becomes {@code operations.2}), and
 * the problem's detail when no field is named. A template reads
 * {@code {#if errors.has('role')}...{errors.of('role')}}. {@link #NONE} for a form shown fresh.
 */
@TemplateData
public final class FormErrors {

    /** A form with no error. */
    public static final FormErrors NONE = new FormErrors(null, Map.of());

    private final Problem problem;
    private final Map<String, String> byField;

    private FormErrors(Problem problem, Map<String, String> byField) {
        this.problem = problem;
        this.byField = byField;
    }

    public static FormErrors of(ProblemException refused) {
        return of(refused.problem());
    }

    public static FormErrors of(Problem problem) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (FieldError error : problem.errors()) {
            byField.merge(field(error.pointer()), error.message(), (a, b) -> a + "; " + b);
        }
        return new FormErrors(problem, byField);
    }

    /** The form field a pointer names: {@code /a/b} → {@code a.b}, {@code #a} → {@code a}. */
    static String field(String pointer) {
        if (pointer == null || pointer.isEmpty()) {
            return "";
        }
        String rest = pointer.charAt(0) == '/' || pointer.charAt(0) == '#' ? pointer.substring(1) : pointer;
        return rest.replace('/', '.');
    }

    /** True when the change was refused at all. */
    public boolean any() {
        return problem != null;
    }

    /** True when the problem names at least one field (the form then says "see below" rather than the detail). */
    public boolean hasFields() {
        return !byField.isEmpty();
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    /** The message of {@code field}, or null. */
    public String of(String field) {
        return byField.get(field);
    }

    /** The problem's detail, shown above the form when no field of the form names it. */
    public String detail() {
        return problem == null ? null : problem.detail();
    }

    /** The problem's HTTP status, for the response that re-renders the form; 200 when none. */
    public int status() {
        return problem == null ? 200 : problem.status();
    }

    /** The problem's stable code ({@code docs/errors.md}), or null. */
    public String code() {
        return problem == null ? null : problem.code();
    }
}
