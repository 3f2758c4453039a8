package dev.rolegate.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a policy file into a SnakeYAML node tree (every node keeps its line), refusing what is
 * hostile: files over {@link #MAX_BYTES}, bytes that are not UTF-8, more than
 * {@link #MAX_ALIASES} aliases ("billion laughs"), nesting deeper than {@link #MAX_DEPTH}, and
 * more than one document. Nothing is ever constructed into Java objects, so tags cannot
 * instantiate classes.
 */
final class PolicyYaml {

    /** 1 MiB: policy files are a few kilobytes; anything near this is a mistake or an attack. */
    static final int MAX_BYTES = 1024 * 1024;
    /** Aliases are allowed for sharing a list or two, not for expansion bombs. */
    static final int MAX_ALIASES = 16;
    /** Policy files nest five levels deep; 32 leaves room and protects the recursive composer. */
    static final int MAX_DEPTH = 32;

    private PolicyYaml() {
    }

    /** Reads a file with the size limit; empty (with a problem) when it cannot be used. */
    static Optional<String> read(Path file, Problems problems) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                tooLarge(problems);
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(file)) {
                return read(in, problems);
            }
        } catch (NoSuchFileException e) {
            problems.add(problems.start(), "unreadable", "no such file");
        } catch (IOException e) {
            problems.add(problems.start(), "unreadable", "cannot read the file: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Reads a stream (not closed here) with the size limit. */
    static Optional<String> read(InputStream in, Problems problems) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            tooLarge(problems);
            return Optional.empty();
        }
        return decode(bytes, problems);
    }

    /** Checks the size limit of text handed over directly (an upload, a test). */
    static Optional<String> checkSize(String text, Problems problems) {
        // a char is at most 3 UTF-8 bytes, so only long texts need the exact count
        if ((long) text.length() * 3 > MAX_BYTES && text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            tooLarge(problems);
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private static void tooLarge(Problems problems) {
        problems.add(problems.start(), "file_too_large",
                "the file is larger than " + MAX_BYTES + " bytes (1 MiB), the limit for policy files");
    }

    /** Strict UTF-8, so a stray Latin-1 byte is reported where it is instead of becoming U+FFFD. */
    private static Optional<String> decode(byte[] bytes, Problems problems) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            problems.add(new SourceLocation(problems.file(), line, at - lineStart + 1), "invalid_encoding",
                    "the file is not valid UTF-8 (byte 0x" + String.format("%02x", bytes[at] & 0xff) + ")");
            return Optional.empty();
        }
        out.flip();
        String text = out.toString();
        return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /**
     * Parses text into one document's node tree; empty (with problems) on a syntax error, an
     * empty file, more than one document, too many aliases or too deep nesting.
     */
    static Optional<Node> compose(String text, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        // Duplicates are reported with their lines by PolicyNodes (compose alone would keep both).
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH + 1);
        options.setCodePointLimit(MAX_BYTES);
        options.setProcessComments(false);
        Yaml yaml = new Yaml(options);
        try {
            // A first pass over the events counts aliases and depth, so that the limits are
            // reported at the offending line before the composer expands anything.
            int aliases = 0;
            int depth = 0;
            int documents = 0;
            for (Event event : yaml.parse(new StringReader(text))) {
                if (event instanceof DocumentStartEvent && ++documents > 1) {
                    problems.add(problems.at(event.getStartMark()), "yaml_syntax",
                            "a second YAML document starts here; a policy file holds exactly one");
                    return Optional.empty();
                }
                if (event instanceof AliasEvent) {
                    if (++aliases > MAX_ALIASES) {
                        problems.add(problems.at(event.getStartMark()), "too_many_aliases",
                                "more than " + MAX_ALIASES + " aliases (*name); policy files refuse alias expansion beyond that");
                        return Optional.empty();
                    }
                } else if (event instanceof CollectionStartEvent) {
                    if (++depth > MAX_DEPTH) {
                        problems.add(problems.at(event.getStartMark()), "too_deep",
                                "nesting deeper than " + MAX_DEPTH + " levels");
                        return Optional.empty();
                    }
                } else if (event instanceof CollectionEndEvent) {
                    depth--;
                }
            }
            Node root = yaml.compose(new StringReader(text));
            if (root == null) {
                problems.add(problems.start(), "empty_file", "the file holds no YAML document");
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (MarkedYAMLException e) {
            String message = "YAML syntax error: " + e.getProblem();
            if (e.getContext() != null && e.getContextMark() != null) {
                // e.g. "while parsing a flow sequence" that started on an earlier line
                SourceLocation context = problems.at(e.getContextMark());
                message += " (" + e.getContext() + " that starts at line " + context.line()
                        + ", column " + context.column() + ")";
                if (e.getContext().contains("alias")) {
                    message += "; write the wildcard grant as \"*\": a bare * starts a YAML alias";
                }
            }
            problems.add(problems.at(e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark()),
                    "yaml_syntax", message);
        } catch (YAMLException e) {
            problems.add(problems.start(), "yaml_syntax", "YAML error: " + e.getMessage());
        }
        return Optional.empty();
    }
}
