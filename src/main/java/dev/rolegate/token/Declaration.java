package dev.rolegate.token;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@code /v1} resource method declares it needs, read from its one annotation
 * ({@link AdminOperation}, {@link CheckOperation} or {@link PlatformOperation}). Immutable.
 */
public sealed interface Declaration {

    /**
     * An admin operation of the built-in {@code rbac.*} catalog.
     *
     * @param operation the {@code rbac.*} operation the engine decides on
     * @param orScopes  scopes that pass without the engine's decision (see {@link AdminOperation#orScope()})
     */
    record Admin(String operation, Set<Scope> orScopes) implements Declaration {
        public Admin {
            Objects.requireNonNull(operation, "operation");
            orScopes = orScopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(orScopes));
        }

        public Admin(String operation) {
            this(operation, Set.of());
        }
    }

    /** A check call: {@code rbac:check} or {@code rbac:admin} of the account. */
    record Check() implements Declaration {
    }

    /** A platform call: {@code rbac:platform}. */
    record Platform() implements Declaration {
    }

    /**
     * The declaration on {@code method}.
     *
     * @return empty when the method carries none, or more than one (ambiguous: refused like none)
     */
    public static Optional<Declaration> of(Method method) {
        List<Declaration> found = new ArrayList<>(1);
        AdminOperation admin = method.getAnnotation(AdminOperation.class);
        if (admin != null) {
            found.add(new Admin(admin.value(), Set.of(admin.orScope())));
        }
        if (method.isAnnotationPresent(CheckOperation.class)) {
            found.add(new Check());
        }
        if (method.isAnnotationPresent(PlatformOperation.class)) {
            found.add(new Platform());
        }
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }
}
