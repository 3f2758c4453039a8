package dev.rolegate.policy;

import dev.rolegate.engine.PermissionDef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in permission catalog for administering Rolegate itself (issue 3, item 1): Rolegate
 * authorizes its own admin API with its own engine, so every account holds these permissions,
 * whatever its template, and every admin API call is one of their operations (declared on the
 * resource method with {@code token.AdminOperation}). The names under {@code rbac.} are reserved:
 * a template may grant them but not declare them.
 *
 * <p>The catalog is policy, not code: {@code policies/builtin/rbac.yaml} in the template format
 * ({@code policies/README.md}), shipped on the classpath as {@link #RESOURCE} and loaded once, when
 * this class initializes (the service does so at start-up, with the template catalog); a broken
 * file fails there with every problem at its {@code file:line:column}. Immutable and thread safe.
 */
public final class AdminCatalog {

    /** The prefix every built-in permission and operation starts with. */
    public static final String PREFIX = "rbac.";

    /** The classpath resource of the catalog (top-level {@code policies/builtin/rbac.yaml}). */
    public static final String RESOURCE = "policies/builtin/rbac.yaml";

    private static final Template LOADED = TemplateLoader.loadBuiltIn(AdminCatalog.class.getClassLoader(), RESOURCE);

    /** Permission → the admin operations it covers, one operation per admin API call, in file order. */
    public static final Map<String, List<String>> PERMISSIONS = permissions();

    /** Permission → description, in file order. */
    public static final Map<String, String> DESCRIPTIONS = LOADED.permissionDescriptions();

    private AdminCatalog() {
    }

    private static Map<String, List<String>> permissions() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        LOADED.permissions().forEach(permission -> p.put(permission.name(), permission.operations()));
        return Collections.unmodifiableMap(p);
    }

    /** The catalog as engine definitions, in declaration order. */
    public static List<PermissionDef> definitions() {
        return LOADED.permissions();
    }

    /** True for a name in the reserved {@code rbac.} namespace. */
    public static boolean reserved(String name) {
        return name.startsWith(PREFIX);
    }
}
