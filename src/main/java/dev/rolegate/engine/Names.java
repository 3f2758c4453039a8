package dev.rolegate.engine;

import java.util.regex.Pattern;

/**
 * The alphabets of names, in one place (API contract of the core issue).
 *
 * <ul>
 *   <li>role, permission and operation names: {@code [a-z0-9][a-z0-9_.-]*}, 1 to 128 characters,
 *       compared exactly (no case folding, no Unicode);</li>
 *   <li>grants: a name, or a name prefix followed by {@code .*}, or a lone {@code *};</li>
 *   <li>user and group ids: {@code [A-Za-z0-9._@+-]}, 1 to 256 characters, and never {@code .} or
 *       {@code ..} (path tricks).</li>
 * </ul>
 */
public final class Names {

    public static final int MAX_NAME_LENGTH = 128;
    public static final int MAX_USER_ID_LENGTH = 256;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@+-]+");

    private Names() {
    }

    /** True for a valid role, permission or operation name. */
    public static boolean isName(String value) {
        return value != null && value.length() <= MAX_NAME_LENGTH && NAME.matcher(value).matches();
    }

    /** True for a valid grant: a {@link #isName name}, {@code prefix.*} or {@code *}. */
    public static boolean isGrant(String value) {
        if ("*".equals(value)) {
            return true;
        }
        if (value != null && value.endsWith(".*")) {
            return value.length() <= MAX_NAME_LENGTH && isName(value.substring(0, value.length() - 2));
        }
        return isName(value);
    }

    /** True when {@code grant} is a wildcard ({@code *} or {@code prefix.*}). */
    public static boolean isWildcard(String grant) {
        return grant.equals("*") || grant.endsWith(".*");
    }

    /**
     * Whether a grant covers a permission name: exact equality, {@code *} covers every
     * permission, {@code report.*} covers every permission whose name starts with {@code report.}.
     * In the spirit of Shiro's {@code Permission.implies}: one small, exact contract.
     */
    public static boolean grantCovers(String grant, String permission) {
        if (grant.equals("*")) {
            return true;
        }
        if (grant.endsWith(".*")) {
            return permission.startsWith(grant.substring(0, grant.length() - 1));
        }
        return grant.equals(permission);
    }

    /** True for a valid user or group id. */
    public static boolean isUserId(String value) {
        return value != null
                && value.length() <= MAX_USER_ID_LENGTH
                && USER_ID.matcher(value).matches()
                && !value.equals(".")
                && !value.equals("..");
    }
}
