package dev.rolegate.transfer;

import dev.rolegate.access.AccessLimits;
import dev.rolegate.access.RoleService;
import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentDef;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.GroupDef;
import dev.rolegate.engine.ModelException;
import dev.rolegate.engine.ModelProblem;
import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.RoleDef;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotCompiler;
import dev.rolegate.engine.UserDef;
import dev.rolegate.engine.Validity;
import dev.rolegate.platform.Inputs;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.policy.AdminCatalog;
import dev.rolegate.transfer.api.AccountExport;
import dev.rolegate.transfer.store.TransferStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks an import document before anything is written, and brings it into the normalized form
 * that an export has (lists sorted and without repeats, defaults filled in, times at
 * microseconds as PostgreSQL keeps them). Collects every problem of a stage at once:
 *
 * <ol>
 *   <li>422 {@code unsupported_export}: {@code format} or {@code version} is not one this service reads;</li>
 *   <li>400 {@code invalid_request}: missing parts, names and ids outside their alphabets, bad
 *       text, unknown statuses or sources, repeated ids, a validity that ends before it starts,
 *       and the per-item limits of {@link AccessLimits} (operations, grants, inherited roles);</li>
 *   <li>422 {@code invalid_export}: references that do not resolve and what the engine refuses
 *       ({@link SnapshotCompiler}: unknown permission or role, unknown assignee, inheritance
 *       cycle), each as an entry of {@code errors[]} whose message starts with the
 *       {@link ModelProblem} code; 422 {@code too_many_roles} and {@code inheritance_too_deep}
 *       for the account-wide limits.</li>
 * </ol>
 * Pointers in {@code errors[]} point into the document as sent. Stateless apart from the limits.
 */
final class ImportValidator {

    private static final Set<String> STATUSES = Set.of("active", "disabled");
    private static final Set<String> DIRECTORY_SOURCES = Set.of("local", "saml", "ldap", "scim");

    private final AccessLimits limits;

    ImportValidator(AccessLimits limits) {
        this.limits = limits;
    }

    /**
     * The document, checked and normalized.
     *
     * @throws ProblemException as listed on the class
     */
    AccountExport normalize(AccountExport doc) {
        if (doc == null) {
            throw ProblemException.invalid("/", "a JSON body holding an account export document is required");
        }
        if (!AccountExport.FORMAT.equals(doc.format())) {
            throw unsupported("/format", "format must be \"" + AccountExport.FORMAT + "\", got " + Inputs.quote(doc.format()));
        }
        if (doc.version() == null || doc.version() != AccountExport.VERSION) {
            throw unsupported("/version", "version " + doc.version() + " is not supported; this service reads version "
                    + AccountExport.VERSION);
        }
        List<FieldError> errors = new ArrayList<>();
        if (doc.catalog() == null || doc.catalog().permissions() == null || doc.catalog().roles() == null) {
            errors.add(new FieldError("/catalog", "catalog with permissions and roles (each may be {}) is required"));
        }
        for (String part : List.of("users", "groups", "assignments")) {
            if ((part.equals("users") ? doc.users() : part.equals("groups") ? doc.groups() : doc.assignments()) == null) {
                errors.add(new FieldError("/" + part, part + " is required (may be []): an import replaces them"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.get(0).pointer() + ": " + errors.get(0).message(), errors);
        }
        TreeMap<String, AccountExport.Permission> permissions = new TreeMap<>();
        doc.catalog().permissions().forEach((name, p) -> permissions.put(name, permission(name, p, errors)));
        TreeMap<String, AccountExport.Role> roles = new TreeMap<>();
        doc.catalog().roles().forEach((name, r) -> roles.put(name, role(name, r, errors)));
        List<AccountExport.User> users = users(doc.users(), errors);
        List<AccountExport.Group> groups = groups(doc.groups(), errors);
        List<AccountExport.Assignment> assignments = assignments(doc.assignments(), errors);
        if (!errors.isEmpty()) {
            String detail = errors.size() == 1 ? errors.get(0).pointer() + ": " + errors.get(0).message()
                    : errors.size() + " fields of the document are invalid; the first: " + errors.get(0).pointer() + ": "
                    + errors.get(0).message();
            throw ProblemException.invalid(detail, errors);
        }
        return new AccountExport(doc.format(), doc.version(), doc.account(), doc.revision(), doc.exportedAt(),
                new AccountExport.Catalog(permissions, roles), users, groups, assignments);
    }

    /**
     * Compiles a {@link #normalize normalized} document, with the built-in {@code rbac.*}
     * catalog that every account holds, as the account would be after the import.
     *
     * @param original the document as sent, for the pointers of problems
     * @throws ProblemException 422 as listed on the class
     */
    Snapshot compile(String account, AccountExport doc, AccountExport original) {
        if (doc.catalog().roles().size() > limits.rolesPerAccount()) {
            throw ProblemException.unprocessable("too_many_roles", "The document holds " + doc.catalog().roles().size()
                    + " roles; an account holds at most " + limits.rolesPerAccount() + ".");
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> userIds = new HashSet<>();
        doc.users().forEach(u -> userIds.add(u.id()));
        for (int i = 0; i < original.groups().size(); i++) {
            AccountExport.Group g = original.groups().get(i);
            List<String> members = g.members() == null ? List.of() : g.members();
            for (int j = 0; j < members.size(); j++) {
                if (!userIds.contains(members.get(j))) {
                    errors.add(new FieldError("/groups/" + i + "/members/" + j, ModelProblem.UNKNOWN_SUBJECT + ": group \""
                            + g.id() + "\" lists member \"" + members.get(j) + "\", which is not a user of the document"));
                }
            }
        }
        List<PermissionDef> permissions = new ArrayList<>(AdminCatalog.definitions());
        doc.catalog().permissions().forEach((name, p) -> permissions.add(new PermissionDef(name, p.operations())));
        List<RoleDef> roles = new ArrayList<>();
        doc.catalog().roles().forEach((name, r) -> roles.add(new RoleDef(name, r.grants(), r.inherits())));
        List<UserDef> users = doc.users().stream().map(u -> new UserDef(u.id(), "active".equals(u.status()))).toList();
        List<GroupDef> groups = doc.groups().stream().map(g -> new GroupDef(g.id(), g.members())).toList();
        List<AssignmentDef> assignments = doc.assignments().stream().map(ImportValidator::definition).toList();
        Snapshot snapshot = null;
        try {
            snapshot = SnapshotCompiler.compile(new AccountModel(account, 0, permissions, roles, users, groups, assignments));
        } catch (ModelException e) {
            for (ModelProblem problem : e.problems()) {
                errors.add(new FieldError(pointer(problem, doc, original), problem.code() + ": " + problem.message()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(422, "invalid_export", "Unprocessable request",
                    "The document does not describe a valid account (" + errors.size() + " problem(s)); the first: "
                            + errors.get(0).message() + ".", errors));
        }
        Map<String, Collection<String>> graph = new HashMap<>();
        doc.catalog().roles().forEach((name, r) -> graph.put(name, r.inherits()));
        List<String> chain = RoleService.longestChain(graph);
        if (chain.size() > limits.inheritanceDepth()) {
            throw ProblemException.unprocessable("inheritance_too_deep", "Role inheritance in the document is "
                    + chain.size() + " roles deep (" + String.join(" → ", chain) + "); at most "
                    + limits.inheritanceDepth() + " are allowed.");
        }
        return snapshot;
    }

    // ---- parts ---------------------------------------------------------------------------

    private AccountExport.Permission permission(String name, AccountExport.Permission p, List<FieldError> errors) {
        String at = "/catalog/permissions/" + escape(name);
        collect(errors, () -> Inputs.name(at, name));
        if (AdminCatalog.PERMISSIONS.containsKey(name)) {
            errors.add(new FieldError(at, "'" + name + "' is a built-in permission that every account holds; grant it, do not declare it"));
        }
        AccountExport.Permission given = p == null ? new AccountExport.Permission(null, null) : p;
        collect(errors, () -> Inputs.text(at + "/description", given.description()));
        List<String> operations = sortedNames(at + "/operations", given.operations(), false, errors);
        if (operations.size() > limits.operationsPerPermission()) {
            errors.add(new FieldError(at + "/operations", "a permission covers at most " + limits.operationsPerPermission()
                    + " operations, got " + operations.size()));
        }
        return new AccountExport.Permission(blankToNull(given.description()), operations);
    }

    private AccountExport.Role role(String name, AccountExport.Role r, List<FieldError> errors) {
        String at = "/catalog/roles/" + escape(name);
        collect(errors, () -> Inputs.name(at, name));
        AccountExport.Role given = r == null ? new AccountExport.Role(null, null, null) : r;
        collect(errors, () -> Inputs.text(at + "/description", given.description()));
        List<String> grants = sortedNames(at + "/grants", given.grants(), true, errors);
        List<String> inherits = sortedNames(at + "/inherits", given.inherits(), false, errors);
        if (grants.size() > limits.grantsPerRole()) {
            errors.add(new FieldError(at + "/grants", "a role grants at most " + limits.grantsPerRole()
                    + " permissions or wildcards, got " + grants.size()));
        }
        if (inherits.size() > limits.inheritsPerRole()) {
            errors.add(new FieldError(at + "/inherits", "a role inherits at most " + limits.inheritsPerRole()
                    + " roles directly, got " + inherits.size()));
        }
        return new AccountExport.Role(blankToNull(given.description()), grants, inherits);
    }

    private static List<AccountExport.User> users(List<AccountExport.User> given, List<FieldError> errors) {
        List<AccountExport.User> users = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> external = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String at = "/users/" + i;
            AccountExport.User u = given.get(i);
            if (u == null) {
                errors.add(new FieldError(at, "a user object is required"));
                continue;
            }
            collect(errors, () -> Inputs.userId(at + "/id", u.id()));
            if (u.id() != null && !ids.add(u.id())) {
                errors.add(new FieldError(at + "/id", "user " + Inputs.quote(u.id()) + " appears more than once"));
            }
            collect(errors, () -> Inputs.email(at + "/email", u.email()));
            collect(errors, () -> Inputs.text(at + "/displayName", u.displayName()));
            String status = u.status() == null ? "active" : u.status();
            if (!STATUSES.contains(status)) {
                errors.add(new FieldError(at + "/status", "status must be \"active\" or \"disabled\""));
            }
            String source = directorySource(at, u.source(), errors);
            external(at, source, u.externalId(), u.externalDn(), external, errors);
            users.add(new AccountExport.User(u.id(), u.email(), u.displayName(), status, source, u.externalId(), u.externalDn()));
        }
        users.sort(Comparator.comparing(AccountExport.User::id, Comparator.nullsFirst(Comparator.naturalOrder())));
        return users;
    }

    private static List<AccountExport.Group> groups(List<AccountExport.Group> given, List<FieldError> errors) {
        List<AccountExport.Group> groups = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> external = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String at = "/groups/" + i;
            AccountExport.Group g = given.get(i);
            if (g == null) {
                errors.add(new FieldError(at, "a group object is required"));
                continue;
            }
            collect(errors, () -> Inputs.userId(at + "/id", g.id()));
            if (g.id() != null && !ids.add(g.id())) {
                errors.add(new FieldError(at + "/id", "group " + Inputs.quote(g.id()) + " appears more than once"));
            }
            collect(errors, () -> Inputs.text(at + "/displayName", g.displayName()));
            String source = directorySource(at, g.source(), errors);
            external(at, source, g.externalId(), g.externalDn(), external, errors);
            TreeSet<String> members = new TreeSet<>();
            List<String> listed = g.members() == null ? List.of() : g.members();
            for (int j = 0; j < listed.size(); j++) {
                String member = listed.get(j);
                String memberAt = at + "/members/" + j;
                collect(errors, () -> Inputs.userId(memberAt, member));
                if (member != null) {
                    members.add(member);
                }
            }
            groups.add(new AccountExport.Group(g.id(), g.displayName(), source, g.externalId(), g.externalDn(), List.copyOf(members)));
        }
        groups.sort(Comparator.comparing(AccountExport.Group::id, Comparator.nullsFirst(Comparator.naturalOrder())));
        return groups;
    }

    private static List<AccountExport.Assignment> assignments(List<AccountExport.Assignment> given, List<FieldError> errors) {
        List<AccountExport.Assignment> assignments = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String at = "/assignments/" + i;
            AccountExport.Assignment a = given.get(i);
            if (a == null) {
                errors.add(new FieldError(at, "an assignment object is required"));
                continue;
            }
            if ((a.user() == null) == (a.group() == null)) {
                errors.add(new FieldError(at, "an assignment names exactly one of user and group"));
                continue;
            }
            collect(errors, () -> Inputs.userId(at + (a.user() != null ? "/user" : "/group"), a.user() != null ? a.user() : a.group()));
            collect(errors, () -> Inputs.name(at + "/role", a.role()));
            String source = a.source() == null ? AssignmentSource.MANUAL.wireName() : a.source();
            try {
                AssignmentSource.fromWire(source);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(at + "/source", "source must be manual, template, saml or ldap, got " + Inputs.quote(source)));
            }
            Instant from = micros(a.validFrom());
            Instant until = micros(a.expiresAt());
            if (from != null && until != null && !until.isAfter(from)) {
                errors.add(new FieldError(at + "/expiresAt", "expiresAt must be after validFrom"));
            }
            AccountExport.Assignment normalized = new AccountExport.Assignment(a.user(), a.group(), a.role(), source, from, until);
            if (a.role() != null && !keys.add(ImportPlan.assignmentKey(normalized))) {
                errors.add(new FieldError(at, "the same assignment (assignee, role, source) appears more than once"));
            }
            assignments.add(normalized);
        }
        if (errors.isEmpty()) {
            assignments.sort(TransferStore.ASSIGNMENT_ORDER);
        }
        return assignments;
    }

    // ---- helpers -------------------------------------------------------------------------

    private static String directorySource(String at, String given, List<FieldError> errors) {
        String source = given == null ? "local" : given;
        if (!DIRECTORY_SOURCES.contains(source)) {
            errors.add(new FieldError(at + "/source", "source must be local, saml or ldap, got " + Inputs.quote(source)));
        }
        return source;
    }

    /** The identity source's id is unique per source (a database constraint), its DN plain text. */
    private static void external(String at, String source, String externalId, String externalDn, Set<String> seen,
                                 List<FieldError> errors) {
        collect(errors, () -> Inputs.text(at + "/externalId", externalId));
        collect(errors, () -> Inputs.text(at + "/externalDn", externalDn));
        if (externalId != null && !seen.add(source + " " + externalId)) {
            errors.add(new FieldError(at + "/externalId", "another entry of source " + source + " has the same externalId"));
        }
    }

    private static List<String> sortedNames(String at, List<String> names, boolean grants, List<FieldError> errors) {
        try {
            return List.copyOf(new TreeSet<>(Inputs.names(at, names, grants)));
        } catch (ProblemException e) {
            errors.addAll(e.problem().errors());
            return List.of();
        } catch (NullPointerException e) {
            errors.add(new FieldError(at, "must not hold null"));
            return List.of();
        }
    }

    private static void collect(List<FieldError> errors, Runnable check) {
        try {
            check.run();
        } catch (ProblemException e) {
            errors.addAll(e.problem().errors());
        }
    }

    private static AssignmentDef definition(AccountExport.Assignment a) {
        Validity validity = a.validFrom() == null && a.expiresAt() == null ? Validity.ALWAYS
                : new Validity(a.validFrom() == null ? Instant.MIN : a.validFrom(), a.expiresAt() == null ? Instant.MAX : a.expiresAt());
        return new AssignmentDef(a.user() != null ? AssigneeKind.USER : AssigneeKind.GROUP,
                a.user() != null ? a.user() : a.group(), a.role(), AssignmentSource.fromWire(a.source()), validity);
    }

    /** Where in the document as sent a problem of the engine lies. */
    private static String pointer(ModelProblem problem, AccountExport doc, AccountExport original) {
        if (doc.catalog().roles().containsKey(problem.subject()) && !problem.code().equals(ModelProblem.UNKNOWN_SUBJECT)) {
            return "/catalog/roles/" + escape(problem.subject());
        }
        if (doc.catalog().permissions().containsKey(problem.subject())) {
            return "/catalog/permissions/" + escape(problem.subject());
        }
        for (int i = 0; i < original.assignments().size(); i++) {
            AccountExport.Assignment a = original.assignments().get(i);
            boolean unknownRole = problem.code().equals(ModelProblem.UNKNOWN_ROLE) && problem.subject().equals(a.role());
            if (unknownRole || problem.subject().equals(a.user()) || problem.subject().equals(a.group())) {
                return "/assignments/" + i;
            }
        }
        return "/";
    }

    private static Instant micros(Instant value) {
        return value == null ? null : value.truncatedTo(ChronoUnit.MICROS);
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** RFC 6901 §3: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static ProblemException unsupported(String pointer, String message) {
        return new ProblemException(Problem.of(422, "unsupported_export", "Unprocessable request", message,
                List.of(new FieldError(pointer, message))));
    }
}
