package dev.rolegate.platform.problem;

/**
 * One invalid field of a request.
 *
 * @param pointer RFC 6901 JSON pointer into the request body ({@code /operations/2}), or
 *                {@code #param} for a path or query parameter
 * @param message what is wrong with it
 */
public record FieldError(String pointer, String message) {
}
