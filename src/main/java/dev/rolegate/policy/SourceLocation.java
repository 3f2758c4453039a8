package dev.rolegate.policy;

import java.util.Objects;

/**
 * A place in a policy file, for messages: {@code file:line:column}.
 *
 * @param file   the file as it was named to the loader (a path, or a classpath resource name)
 * @param line   1-based line
 * @param column 1-based column
 */
public record SourceLocation(String file, int line, int column) {

    public SourceLocation {
        Objects.requireNonNull(file, "file");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based");
        }
    }

    /** {@code file:line:column}, the form compilers and editors understand. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
