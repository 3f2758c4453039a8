package dev.rolegate.policy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a command's findings and summary in the chosen {@link OutputFormat} and gives the exit
 * code: {@link PolicyCommand#FINDINGS} when any finding is an error, else {@link PolicyCommand#OK}
 * (warnings alone pass).
 */
final class Report {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** By file, line and column, then errors before warnings and by code: the same input prints the same. */
    static final Comparator<Finding> ORDER = Comparator.comparing((Finding f) -> f.location().file())
            .thenComparingInt(f -> f.location().line())
            .thenComparingInt(f -> f.location().column())
            .thenComparing(Finding::severity)
            .thenComparing(Finding::code)
            .thenComparing(Finding::message);

    private Report() {
    }

    /**
     * Prints {@code findings} (sorted by {@link #ORDER}) and the summary to {@code out}.
     *
     * @param counts  the summary's numbers, as named fields of the JSON object
     * @param summary the last line of the text and GitHub formats
     * @return the exit code
     */
    static int print(PrintWriter out, OutputFormat format, List<Finding> findings, Map<String, Object> counts,
            String summary) {
        List<Finding> sorted = findings.stream().sorted(ORDER).toList();
        boolean ok = sorted.stream().noneMatch(Finding::isError);
        switch (format) {
            case json -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("ok", ok);
                json.putAll(counts);
                json.put("summary", summary);
                json.put("findings", sorted.stream().map(Finding::json).toList());
                out.println(json(json));
            }
            case github -> {
                sorted.forEach(f -> out.println(f.github()));
                out.println(summary);
            }
            default -> {
                sorted.forEach(f -> out.println(f.text()));
                out.println(summary);
            }
        }
        out.flush();
        return ok ? PolicyCommand.OK : PolicyCommand.FINDINGS;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 1 error}, {@code 2 errors}: a count and an English noun that takes an s. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
