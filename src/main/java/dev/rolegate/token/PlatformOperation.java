package dev.rolegate.token;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a {@code /v1} resource method a platform call ({@link dev.rolegate.admin.OperationFilter}): open to
 * tokens with scope {@code rbac:platform}, whatever their account claim; 403 otherwise.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PlatformOperation {
}
