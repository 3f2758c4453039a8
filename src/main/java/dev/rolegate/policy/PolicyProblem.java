package dev.rolegate.policy;

import java.util.Objects;

/**
 * One thing wrong with a policy file, collected with all the others in a
 * {@link PolicyException}, or a warning on a {@link Template}.
 *
 * <p>Codes are stable snake_case strings, listed in {@code policies/README.md}:
 * {@code unreadable}, {@code file_too_large}, {@code invalid_encoding}, {@code yaml_syntax},
 * {@code empty_file}, {@code too_many_aliases}, {@code too_deep}, {@code unknown_key},
 * {@code missing_key}, {@code wrong_type}, {@code duplicate_key}, {@code duplicate_entry},
 * {@code invalid_name}, {@code template_name_mismatch}, {@code unknown_permission},
 * {@code unknown_role}, {@code role_cycle}, {@code unknown_template}, {@code unknown_operation},
 * {@code contradictory_expectation}, {@code empty_case}, {@code duplicate_case},
 * {@code invalid_template}, {@code missing_template}, {@code unlisted_template} and (a warning)
 * {@code wildcard_matches_nothing}.
 *
 * @param file    the file as it was named to the loader
 * @param line    1-based line
 * @param column  1-based column
 * @param code    stable snake_case code
 * @param message a sentence a person can act on
 */
public record PolicyProblem(String file, int line, int column, String code, String message) {

    public PolicyProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based");
        }
    }

    /** A problem at a location. */
    public static PolicyProblem at(SourceLocation location, String code, String message) {
        return new PolicyProblem(location.file(), location.line(), location.column(), code, message);
    }

    /** Where the problem is. */
    public SourceLocation location() {
        return new SourceLocation(file, line, column);
    }

    /** {@code file:line:column: message}. */
    public String render() {
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public String toString() {
        return render();
    }
}
