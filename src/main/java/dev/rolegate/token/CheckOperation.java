package dev.rolegate.token;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a {@code /v1} resource method a check call ({@link dev.rolegate.admin.OperationFilter}): open to tokens
 * of the account in the path parameter {@code {account}} with scope {@code rbac:check} or
 * {@code rbac:admin}; a token of another account is 403. No engine decision, no database: check
 * calls stay on the event loop.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CheckOperation {
}
