package dev.rolegate.token;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the admin operation a {@code /v1} resource method performs, once, on the method:
 * {@link dev.rolegate.admin.OperationFilter} authorizes every request against it before the method runs, and a
 * {@code /v1} method without a declaration ({@code AdminOperation}, {@link CheckOperation} or
 * {@link PlatformOperation}) is refused (fail closed).
 *
 * <p>The caller needs a token of the account in the path parameter {@code {account}} with scope
 * {@code rbac:admin}, whose subject is an active user of the account who may perform
 * {@link #value()}, decided by Rolegate's own engine on the account's snapshot (DESIGN.md §5).
 * With {@link #orScope()}, a token holding that scope passes without the engine's decision:
 * {@code rbac:platform} tokens for any account, other scopes only for their own account.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AdminOperation {

    /** An operation of the built-in {@code rbac.*} catalog ({@code policies/builtin/rbac.yaml}), e.g. {@code rbac.roles.put}. */
    String value();

    /** Scopes that also open the endpoint, without the engine's decision; none by default. */
    Scope[] orScope() default {};
}
