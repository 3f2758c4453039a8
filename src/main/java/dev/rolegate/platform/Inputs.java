package dev.rolegate.platform;

import dev.rolegate.engine.Names;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.ProblemException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Edge validation shared by the resources: names and ids in paths and bodies, RFC 3339 times.
 * Every failure is a 400 {@code invalid_request} naming the field (a JSON pointer into the body,
 * or {@code #name} for a path or query parameter).
 */
public final class Inputs {

    private static final int MAX_TEXT = 1024;

    private Inputs() {
    }

    /** A role, permission or operation name ({@link Names#isName}). */
    public static String name(String pointer, String value) {
        if (!Names.isName(value)) {
            throw ProblemException.invalid(pointer, "must match [a-z0-9][a-z0-9_.-]* and be at most "
                    + Names.MAX_NAME_LENGTH + " characters, got " + quote(value));
        }
        return value;
    }

    /**
     * An {@code If-None-Match} header of a create-or-replace {@code PUT} whose resource has no
     * ETag: {@code *} (RFC 9110 §13.1.2: create only, never replace) gives true, no header false.
     *
     * @throws dev.rolegate.platform.problem.ProblemException 400 {@code invalid_request}
     *         ({@code #If-None-Match}) for any other value
     */
    public static boolean createOnly(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        if (!ifNoneMatch.trim().equals("*")) {
            throw ProblemException.invalid("#If-None-Match", "only If-None-Match: * (create, never replace) is understood here, got "
                    + quote(ifNoneMatch));
        }
        return true;
    }

    /** A user or group id ({@link Names#isUserId}). */
    public static String userId(String pointer, String value) {
        if (!Names.isUserId(value)) {
            throw ProblemException.invalid(pointer, "must be 1 to " + Names.MAX_USER_ID_LENGTH
                    + " characters of [A-Za-z0-9._@+-] and not '.' or '..', got " + quote(value));
        }
        return value;
    }

    /**
     * A list of names or grants, each checked, duplicates removed, order kept.
     *
     * @param grants true to accept wildcards ({@code report.*}, {@code *})
     */
    public static List<String> names(String pointer, List<String> values, boolean grants) {
        if (values == null) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (grants ? !Names.isGrant(v) : !Names.isName(v)) {
                errors.add(new FieldError(pointer + "/" + i, (grants ? "not a permission name or wildcard: " : "not a valid name: ") + quote(v)));
            } else {
                out.add(v);
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.get(0).message(), errors);
        }
        return List.copyOf(out);
    }

    /** Free text (description, display name): at most 1024 characters, no control characters. */
    public static String text(String pointer, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw ProblemException.invalid(pointer, "must be at most " + MAX_TEXT + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw ProblemException.invalid(pointer, "must not contain control characters");
            }
        }
        if (!Normalizer.isNormalized(value, Normalizer.Form.NFC)) {
            throw ProblemException.invalid(pointer, "must be in Unicode NFC form");
        }
        return value;
    }

    /** An email address, loosely: one '@', no spaces, at most 320 characters. */
    public static String email(String pointer, String value) {
        if (value == null) {
            return null;
        }
        text(pointer, value);
        int at = value.indexOf('@');
        if (value.length() > 320 || at < 1 || at != value.lastIndexOf('@') || at == value.length() - 1
                || value.chars().anyMatch(Character::isWhitespace)) {
            throw ProblemException.invalid(pointer, "is not an email address: " + quote(value));
        }
        return value;
    }

    /** An optional RFC 3339 date-time with offset, e.g. {@code 2026-05-01T00:00:00Z}. */
    public static Instant time(String pointer, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(pointer, "must be an RFC 3339 date-time with offset, e.g. 2026-05-01T00:00:00Z");
        }
    }

    /**
     * The consistency token {@code atLeastRevision} of a read (DESIGN.md §3): absent means 0
     * (any revision); revisions count from 0, so a negative one is refused.
     */
    public static long atLeastRevision(String pointer, Long value) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw ProblemException.invalid(pointer, "atLeastRevision must not be negative, got " + value);
        }
        return value;
    }

    /**
     * An optional search prefix ({@code ?q=}): absent or empty means no search; otherwise free
     * text ({@link #text}) of at most 256 characters.
     */
    public static String searchPrefix(String pointer, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > 256) {
            throw ProblemException.invalid(pointer, "must be at most 256 characters");
        }
        return text(pointer, value);
    }

    /** An optional value that must be one of {@code allowed} (absent: null). */
    public static String oneOf(String pointer, String value, String... allowed) {
        if (value == null || java.util.Arrays.asList(allowed).contains(value)) {
            return value;
        }
        throw ProblemException.invalid(pointer, "must be one of " + String.join(", ", allowed) + ", got " + quote(value));
    }

    /** An optional role, permission or operation name ({@link #name}; absent: null). */
    public static String optionalName(String pointer, String value) {
        return value == null ? null : name(pointer, value);
    }

    /** An optional user or group id ({@link #userId}; absent: null). */
    public static String optionalUserId(String pointer, String value) {
        return value == null ? null : userId(pointer, value);
    }

    /** Quotes a value for a message, shortened and stripped of control characters. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
