package dev.rolegate.policy.cli;

/** How a command prints its findings ({@code --format}). */
public enum OutputFormat {
    /** One {@code file:line:column: severity: message [code]} line per finding, then a summary line. */
    text,
    /** One JSON object on stdout: the summary's counts and a {@code findings} array. */
    json,
    /**
     * GitHub Actions workflow commands ({@code ::error file=...,line=...,col=...::message}), which
     * GitHub shows as annotations on the pull request, then the summary line.
     */
    github
}
