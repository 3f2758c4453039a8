package dev.rolegate.policy.cli;

import dev.rolegate.policy.PolicyProblem;
import dev.rolegate.policy.SourceLocation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of a command's report: a problem of a policy file, or a policy test whose decision
 * came out differently, at its {@code file:line:column}.
 *
 * @param location where it is; the file as the command was given it (relative stays relative)
 * @param severity {@code error} or {@code warning}
 * @param code     stable snake_case code: a {@link PolicyProblem#code()} or {@code test_failed}
 * @param message  a sentence a person can act on
 * @param details  extra machine-readable fields for {@code --format json}, in order; may be empty
 */
record Finding(SourceLocation location, String severity, String code, String message, Map<String, Object> details) {

    static final String ERROR = "error";
    static final String WARNING = "warning";

    Finding {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        details = new LinkedHashMap<>(details);
    }

    static Finding error(PolicyProblem problem) {
        return new Finding(problem.location(), ERROR, problem.code(), problem.message(), Map.of());
    }

    static Finding warning(PolicyProblem problem) {
        return new Finding(problem.location(), WARNING, problem.code(), problem.message(), Map.of());
    }

    boolean isError() {
        return severity.equals(ERROR);
    }

    /** {@code file:line:column: error: message [code]}, as compilers print and editors link. */
    String text() {
        return location + ": " + severity + ": " + message + " [" + code + "]";
    }

    /**
     * A GitHub Actions workflow command: {@code ::error file=F,line=L,col=C,title=code::message},
     * with the escapes GitHub's toolkit applies (properties also escape {@code :} and {@code ,}).
     */
    String github() {
        return "::" + severity + " file=" + property(location.file()) + ",line=" + location.line()
                + ",col=" + location.column() + ",title=" + property(code) + "::" + data(message);
    }

    /** The JSON object of {@code --format json}. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", location.file());
        json.put("line", location.line());
        json.put("column", location.column());
        json.put("severity", severity);
        json.put("code", code);
        json.put("message", message);
        json.putAll(details);
        return json;
    }

    private static String data(String value) {
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String property(String value) {
        return data(value).replace(":", "%3A").replace(",", "%2C");
    }
}
