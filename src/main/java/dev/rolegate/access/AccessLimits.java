package dev.rolegate.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Bounds on what one account may hold, prefix {@code rolegate.limits} (issue 3, item 7): they
 * keep a hostile or broken admin client from growing a snapshot or a role graph without end.
 * Exceeding one is a 4xx problem and writes nothing.
 */
@ConfigMapping(prefix = "rolegate.limits")
public interface AccessLimits {

    /** Roles per account; one more is refused with 422 {@code too_many_roles}. Default 1000. */
    @WithDefault("1000")
    int rolesPerAccount();

    /** Grants (names or wildcards) of one role; more is a 400 on {@code /permissions}. Default 256. */
    @WithDefault("256")
    int grantsPerRole();

    /** Roles one role inherits directly; more is a 400 on {@code /inherits}. Default 64. */
    @WithDefault("64")
    int inheritsPerRole();

    /**
     * Longest chain of inheritance (a role that inherits nothing has depth 1); a change that makes
     * any chain longer is refused with 422 {@code inheritance_too_deep}. Default 16.
     */
    @WithDefault("16")
    int inheritanceDepth();

    /**
     * The longest a break-glass assignment may last; also its length when the request names no
     * end. Default 4 hours.
     */
    @WithDefault("4h")
    java.time.Duration breakGlassMax();

    /** Operations one permission covers; more is a 400 on {@code /operations}. Default 256. */
    @WithDefault("256")
    int operationsPerPermission();
}
