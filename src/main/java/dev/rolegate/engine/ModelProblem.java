package dev.rolegate.engine;

import java.util.Objects;

/**
 * One thing wrong with an {@link AccountModel}, collected with all the others.
 *
 * @param code    stable snake_case code: {@code invalid_name}, {@code duplicate_name},
 *                {@code unknown_permission}, {@code unknown_role}, {@code role_cycle}
 * @param subject the name of the offending role, permission, user or group
 * @param message a sentence a person can act on
 */
public record ModelProblem(String code, String subject, String message) {
    public ModelProblem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }
}
