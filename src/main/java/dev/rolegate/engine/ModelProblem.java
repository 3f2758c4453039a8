package dev.rolegate.engine;

import java.util.Objects;

/**
 * One thing wrong with an {@link AccountModel}, collected with all the others.
 *
 * <p>Codes:
 * <ul>
 *   <li>{@value #INVALID_NAME}: a permission, operation, role or grant name, or a user or group
 *       id, outside its alphabet ({@link Names});</li>
 *   <li>{@value #DUPLICATE_NAME}: two permissions, roles, users or groups with the same name
 *       (reported once per name);</li>
 *   <li>{@value #UNKNOWN_PERMISSION}: a role grants, by exact name, a permission outside the
 *       catalog (a wildcard that matches nothing is fine);</li>
 *   <li>{@value #UNKNOWN_ROLE}: a role inherits, or an assignment names, a role that does not
 *       exist;</li>
 *   <li>{@value #UNKNOWN_SUBJECT}: an assignment names a user or group that does not exist;</li>
 *   <li>{@value #ROLE_CYCLE}: role inheritance has a cycle; the message spells it out
 *       ({@code a -> b -> a}). One cycle is reported even if there are several.</li>
 * </ul>
 *
 * @param code    stable snake_case code, one of the constants of this class
 * @param subject the name of the offending role, permission, user or group (for a bad operation
 *                name: the permission that lists it; for an assignment: the user or group id)
 * @param message a sentence a person can act on
 */
public record ModelProblem(String code, String subject, String message) {

    public static final String INVALID_NAME = "invalid_name";
    public static final String DUPLICATE_NAME = "duplicate_name";
    public static final String UNKNOWN_PERMISSION = "unknown_permission";
    public static final String UNKNOWN_ROLE = "unknown_role";
    public static final String UNKNOWN_SUBJECT = "unknown_subject";
    public static final String ROLE_CYCLE = "role_cycle";

    public ModelProblem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }
}
