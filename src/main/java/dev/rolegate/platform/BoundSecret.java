package dev.rolegate.platform;

import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored secret together with the destination it was given for: an LDAP bind password with
 * its server and bind DN, later a SCIM bearer token or a webhook signing key with its URL.
 *
 * <p>The rule (issue 11 item 2): an update that omits the secret may keep the stored one only
 * while it names the same destination. Whoever may edit a destination's settings must not be
 * able to point them at a server of his own and have the service hand it the customer's secret;
 * so any change of the destination needs the secret again, and the answer is 400
 * {@code secret_required} naming the secret's member.
 *
 * <p>{@code D} is a value whose {@link Object#equals} says "the same destination" (a record of
 * everything that decides where the secret goes and how it is protected on the way: scheme,
 * host, port, account name, TLS mode, trust anchors). Build it from the same parse the connection
 * uses, so the compared host is the host connected to. Immutable when {@code D} and {@code S} are.
 *
 * @param destination where the stored secret may be sent; never null
 * @param secret      the stored secret; never null
 * @param <D>         the destination type
 * @param <S>         the secret type
 */
public record BoundSecret<D, S>(D destination, S secret) {

    /** The problem code of a destination change without the secret. */
    public static final String SECRET_REQUIRED = "secret_required";

    public BoundSecret {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(secret, "secret");
    }

    /** Whether the stored secret may go to {@code requested}: exactly when it is the same destination. */
    public boolean mayKeepFor(D requested) {
        return destination.equals(requested);
    }

    /**
     * The secret to use for {@code requested}: the one given in the request when there is one,
     * otherwise the stored one if {@link #mayKeepFor} the requested destination.
     *
     * @param requested the destination the request names
     * @param given     the secret the request carries, if any
     * @param pointer   RFC 6901 pointer of the secret's member in the request, e.g. {@code /bindPassword}
     * @throws ProblemException 400 {@code secret_required} with one field error at {@code pointer}
     *                          when the destination changed and no secret was given
     */
    public S secretFor(D requested, Optional<S> given, String pointer) {
        if (given.isPresent()) {
            return given.get();
        }
        if (!mayKeepFor(requested)) {
            throw secretRequired(pointer);
        }
        return secret;
    }

    /** 400 {@code secret_required} naming {@code pointer}. */
    public static ProblemException secretRequired(String pointer) {
        String message = "is required again: the settings name another destination (host, port, scheme, account, "
                + "TLS mode or trusted certificate) than the one the stored secret was given for";
        return new ProblemException(Problem.of(400, SECRET_REQUIRED, "Secret required",
                pointer + " " + message + ".", List.of(new FieldError(pointer, message))));
    }
}
