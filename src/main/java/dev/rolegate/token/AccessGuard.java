package dev.rolegate.token;

import dev.rolegate.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;

/**
 * Decides whether the caller may use an endpoint of an account, from the token alone
 * (scope and account claim). A token of another account gets 403 and learns nothing about
 * the account in the path (not even whether it exists).
 */
@ApplicationScoped
public class AccessGuard {

    @Inject
    CurrentVertxRequest request;

    /**
     * The caller of the current request, as {@link CallerFilter} authenticated it (never blocks);
     * 401 if there is none.
     */
    public Caller caller() {
        return currentCaller().orElseThrow(() -> ProblemException.unauthenticated("A bearer token is required."));
    }

    /**
     * The caller of the current request, or empty outside an authenticated {@code /v1} request
     * (an identity source's login, a scheduled sync): who the audit log names as actor.
     */
    public java.util.Optional<Caller> currentCaller() {
        try {
            Object caller = request.getCurrent() == null ? null : request.getCurrent().get(CallerFilter.CALLER);
            return caller instanceof Caller c ? java.util.Optional.of(c) : java.util.Optional.empty();
        } catch (jakarta.enterprise.context.ContextNotActiveException e) {
            return java.util.Optional.empty();
        }
    }

    /** Platform calls: scope {@code rbac:platform}; 403 otherwise. */
    public Caller requirePlatform() {
        Caller caller = caller();
        if (!caller.has(Scope.PLATFORM)) {
            throw ProblemException.forbidden("This call needs scope rbac:platform.");
        }
        return caller;
    }

    /** Admin calls of {@code account}: scope {@code rbac:admin} and the same account; 403 otherwise. */
    public Caller requireAdmin(String account) {
        Caller caller = caller();
        if (!caller.belongsTo(account)) {
            throw ProblemException.forbidden("The token is not valid for this account.");
        }
        if (!caller.has(Scope.ADMIN)) {
            throw ProblemException.forbidden("This call needs scope rbac:admin.");
        }
        return caller;
    }

    /**
     * Admin call {@code operation} (an {@code rbac.*} operation of the built-in catalog) on
     * {@code account}.
     */
    public Caller requireAdmin(String account, String operation) {
        return requireAdmin(account);
    }

    /** Check calls of {@code account}: scope {@code rbac:check} or {@code rbac:admin}, same account. */
    public Caller requireCheck(String account) {
        Caller caller = caller();
        if (!caller.belongsTo(account)) {
            throw ProblemException.forbidden("The token is not valid for this account.");
        }
        if (!caller.has(Scope.CHECK) && !caller.has(Scope.ADMIN)) {
            throw ProblemException.forbidden("This call needs scope rbac:check or rbac:admin.");
        }
        return caller;
    }
}
