package dev.rolegate.preview.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.access.api.AssignmentRequest;
import dev.rolegate.access.api.PermissionRequest;
import dev.rolegate.access.api.RoleRequest;
import dev.rolegate.admin.AdminGuard;
import dev.rolegate.change.api.ImpactResponse;
import dev.rolegate.directory.api.GroupRequest;
import dev.rolegate.directory.api.UserRequest;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.platform.Inputs;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.preview.PlannedWrite;
import dev.rolegate.preview.PreviewService;
import dev.rolegate.token.AdminOperation;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The impact preview (issue 13 item 6): {@code POST /v1/accounts/{a}/changes/preview} with
 * {@code {"changes":[{"op","path","body"}, ...]}} → {@link ImpactResponse}, a page
 * ({@code ?after=<user id>&limit=}, default 100, at most 1000) of who would gain and lose which
 * permissions and operations if the writes were applied now, in order, as one change; nothing is
 * written. Each write is validated as its endpoint validates it, and refused with the endpoint's
 * problem (400 {@code invalid_request}, 403 {@code forbidden} beyond the caller's own permissions,
 * 404 {@code user_not_found}, 409 {@code role_in_use}, 422 {@code unknown_role}...), whose
 * detail starts {@code Change i:}, member {@code change} is {@code i} and pointers are under
 * {@code /changes/i}. Beside the change feed ({@code GET .../changes}), which it leaves alone.
 */
@Path("/v1/accounts/{account}/changes/preview")
public class PreviewResource {

    /** The most writes one preview takes. */
    public static final int MAX_CHANGES = 1000;

    @Inject
    AdminGuard guard;

    @Inject
    PreviewService previews;

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    @Operation(operationId = "previewChanges", summary = "Preview who would gain and lose access through a list of admin writes")
    @POST
    @AdminOperation("rbac.changes.preview")
    public ImpactResponse preview(@PathParam("account") String account, @QueryParam("after") String after,
                                  @QueryParam("limit") Integer limit, PreviewRequest body) {
        int pageSize = Page.limit(limit);
        if (body == null || body.changes() == null || body.changes().isEmpty()) {
            throw ProblemException.invalid("/changes", "a JSON body {\"changes\":[{\"op\",\"path\",\"body\"}, ...]} with at least one change is required");
        }
        if (body.changes().size() > MAX_CHANGES) {
            throw ProblemException.invalid("/changes", "a preview takes at most " + MAX_CHANGES + " changes, got " + body.changes().size());
        }
        List<PlannedWrite> planned = new ArrayList<>(body.changes().size());
        for (int i = 0; i < body.changes().size(); i++) {
            planned.add(parse(i, body.changes().get(i)));
        }
        Set<String> holds = guard.heldPermissions(account, guard.caller());
        return previews.preview(account, planned, holds).page(after, pageSize);
    }

    /** Item {@code i} as the write its path and body name; its problems point under {@code /changes/i}. */
    private PlannedWrite parse(int i, PreviewRequest.Item item) {
        try {
            return write(item);
        } catch (ItemProblem e) {
            throw PreviewService.at(i, "", e.problem);
        } catch (ProblemException e) {
            throw PreviewService.at(i, "body", e);
        }
    }

    /** A problem of the item itself (its op, path or body's presence), not of a field of its body. */
    private static final class ItemProblem extends RuntimeException {
        final ProblemException problem;

        ItemProblem(String pointer, String message) {
            super(message, null, false, false);
            this.problem = ProblemException.invalid(pointer, message);
        }
    }

    private PlannedWrite write(PreviewRequest.Item item) {
        if (item == null) {
            throw new ItemProblem("/", "a change is an object {\"op\",\"path\",\"body\"}");
        }
        boolean put;
        if ("put".equals(item.op())) {
            put = true;
        } else if ("delete".equals(item.op())) {
            put = false;
        } else {
            throw new ItemProblem("/op", "op must be \"put\" or \"delete\", got " + Inputs.quote(item.op()));
        }
        String path = item.path();
        if (path == null || !path.startsWith("/")) {
            throw new ItemProblem("/path", "path must be an admin API path relative to the account, such as /roles/analyst");
        }
        boolean cascade = false;
        int query = path.indexOf('?');
        if (query >= 0) {
            if (!path.substring(query).equals("?cascade=true") || put || !path.startsWith("/roles/")) {
                throw new ItemProblem("/path", "the only query a preview path takes is ?cascade=true on a role's delete");
            }
            cascade = true;
            path = path.substring(0, query);
        }
        if (!put && item.body() != null && !item.body().isNull()) {
            throw new ItemProblem("/body", "a delete takes no body");
        }
        String[] s = path.substring(1).split("/", -1);
        String shape = s[0] + (s.length > 2 ? "/*/" + s[2] : "") + "#" + s.length;
        return switch (shape) {
            case "roles#2" -> {
                String role = Inputs.name("#role", s[1]);
                if (!put) {
                    yield new PlannedWrite.RoleDelete(role, cascade);
                }
                RoleRequest b = body(item, RoleRequest.class, true);
                yield new PlannedWrite.RolePut(role, Inputs.text("/description", b.description()),
                        Inputs.names("/permissions", b.permissions(), true), Inputs.names("/inherits", b.inherits(), false));
            }
            case "permissions#2" -> {
                String permission = Inputs.name("#permission", s[1]);
                if (!put) {
                    yield new PlannedWrite.PermissionDelete(permission);
                }
                PermissionRequest b = body(item, PermissionRequest.class, true);
                yield new PlannedWrite.PermissionPut(permission, Inputs.text("/description", b.description()),
                        Inputs.names("/operations", b.operations(), false));
            }
            case "users#2" -> {
                String user = Inputs.userId("#user", s[1]);
                if (!put) {
                    yield new PlannedWrite.UserDelete(user);
                }
                UserRequest b = body(item, UserRequest.class, false);
                b = b == null ? new UserRequest(null, null, null) : b;
                if (b.status() != null && !b.status().equals("active") && !b.status().equals("disabled")) {
                    throw ProblemException.invalid("/status", "status must be \"active\" or \"disabled\"");
                }
                yield new PlannedWrite.UserPut(user, Inputs.email("/email", b.email()), Inputs.text("/displayName", b.displayName()), b.status());
            }
            case "groups#2" -> {
                String group = Inputs.userId("#group", s[1]);
                if (!put) {
                    yield new PlannedWrite.GroupDelete(group);
                }
                GroupRequest b = body(item, GroupRequest.class, false);
                yield new PlannedWrite.GroupPut(group, Inputs.text("/displayName", b == null ? null : b.displayName()));
            }
            case "groups/*/members#4" -> {
                String group = Inputs.userId("#group", s[1]);
                String user = Inputs.userId("#user", s[3]);
                if (put && item.body() != null && !item.body().isNull()) {
                    throw new ItemProblem("/body", "a membership takes no body");
                }
                yield put ? new PlannedWrite.MemberPut(group, user) : new PlannedWrite.MemberDelete(group, user);
            }
            case "users/*/roles#4", "groups/*/roles#4" -> {
                AssigneeKind kind = s[0].equals("users") ? AssigneeKind.USER : AssigneeKind.GROUP;
                String assignee = Inputs.userId(kind == AssigneeKind.USER ? "#user" : "#group", s[1]);
                String role = Inputs.name("#role", s[3]);
                if (!put) {
                    yield new PlannedWrite.AssignmentDelete(kind, assignee, role);
                }
                AssignmentRequest b = body(item, AssignmentRequest.class, false);
                b = b == null ? new AssignmentRequest(null, null) : b;
                yield new PlannedWrite.AssignmentPut(kind, assignee, role, Inputs.time("/validFrom", b.validFrom()),
                        Inputs.time("/expiresAt", b.expiresAt()));
            }
            default -> throw new ItemProblem("/path", "no admin write at " + Inputs.quote(item.path())
                    + "; a preview takes /roles/{r}, /permissions/{p}, /users/{u}, /groups/{g}, /groups/{g}/members/{u}, "
                    + "/users/{u}/roles/{r} and /groups/{g}/roles/{r}");
        };
    }

    /** The item's body as the endpoint's request type, bound and bean-validated as the endpoint does. */
    private <T> T body(PreviewRequest.Item item, Class<T> type, boolean required) {
        JsonNode node = item.body();
        if (node == null || node.isNull()) {
            if (required) {
                throw ProblemException.invalid("/", "this put needs a JSON body");
            }
            return null;
        }
        T value;
        try {
            value = json.treeToValue(node, type);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            StringBuilder pointer = new StringBuilder();
            e.getPath().forEach(r -> pointer.append('/').append(r.getFieldName() != null
                    ? r.getFieldName().replace("~", "~0").replace("/", "~1") : String.valueOf(r.getIndex())));
            throw ProblemException.invalid(pointer.length() == 0 ? "/" : pointer.toString(),
                    "is not a valid field of a " + type.getSimpleName() + " body (unknown or of the wrong type)");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ProblemException.invalid("/", "the body is not a valid " + type.getSimpleName());
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            List<FieldError> errors = violations.stream()
                    .map(v -> new FieldError("/" + v.getPropertyPath().toString().replace('.', '/'), v.getMessage())).toList();
            throw ProblemException.invalid(errors.get(0).message(), errors);
        }
        return value;
    }
}
