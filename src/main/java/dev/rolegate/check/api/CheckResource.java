package dev.rolegate.check.api;

import dev.rolegate.check.CheckService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.CheckOperation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.jboss.resteasy.reactive.RestResponse;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.ArrayList;
import java.util.List;

/**
 * The check endpoints, open to {@code rbac:check} and {@code rbac:admin} tokens of the account.
 * A denial is a 200 with {@code "allowed": false}, never an error.
 */
@Path("/v1/accounts/{account}/check")
public class CheckResource {

    public static final int MAX_BATCH = 1000;


    @Inject
    CheckService checks;

    @Operation(operationId = "check", summary = "Check whether a user may perform an operation")
    @POST
    @CheckOperation
    public Uni<RestResponse<CheckResponse>> check(@PathParam("account") String account, CheckRequest body) {
        if (body == null) {
            throw ProblemException.invalid("/", "a JSON body {\"subject\",\"operation\"} is required");
        }
        List<FieldError> errors = new ArrayList<>();
        validate("", body, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.get(0).pointer() + ": " + errors.get(0).message(), errors);
        }
        return Answers.of(checks.check(account, body));
    }

    @Operation(operationId = "batchCheck", summary = "Run up to 1000 checks against one snapshot")
    @POST
    @Path("batch")
    @CheckOperation
    public Uni<RestResponse<BatchCheckResponse>> batch(@PathParam("account") String account, BatchCheckRequest body) {
        if (body == null || body.checks() == null || body.checks().isEmpty()) {
            throw ProblemException.invalid("/checks", "checks must hold 1 to " + MAX_BATCH + " checks");
        }
        if (body.checks().size() > MAX_BATCH) {
            throw ProblemException.invalid("/checks", "a batch holds at most " + MAX_BATCH + " checks, got " + body.checks().size());
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < body.checks().size(); i++) {
            CheckRequest c = body.checks().get(i);
            if (c == null) {
                errors.add(new FieldError("/checks/" + i, "must be an object"));
            } else {
                validate("/checks/" + i, c, errors);
            }
        }
        if (body.atLeastRevision() != null && body.atLeastRevision() < 0) {
            errors.add(new FieldError("/atLeastRevision", "must not be negative"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.size() + " check(s) are invalid; first: "
                    + errors.get(0).pointer() + ": " + errors.get(0).message(), errors);
        }
        return Answers.of(checks.batch(account, body.checks(), body.atLeastRevision() == null ? 0 : body.atLeastRevision()));
    }

    /** Longest subject or name a check accepts; anything shorter that names nothing simply denies. */
    static final int MAX_CHECK_STRING = 1024;

    /**
     * Shape checks only: subject and exactly one target are required strings of sane length.
     * Names outside the account's alphabets are not errors here: like any unknown name they
     * deny ({@code unknown_subject}, {@code unknown_operation}), as the engine decides.
     */
    private static void validate(String prefix, CheckRequest c, List<FieldError> errors) {
        if (c.subject() == null || c.subject().isEmpty()) {
            errors.add(new FieldError(prefix + "/subject", "subject (a user id) is required"));
        } else if (c.subject().length() > MAX_CHECK_STRING) {
            errors.add(new FieldError(prefix + "/subject", "must be at most " + MAX_CHECK_STRING + " characters"));
        }
        if ((c.operation() == null) == (c.permission() == null)) {
            errors.add(new FieldError(prefix + "/operation", "give exactly one of operation and permission"));
        } else {
            String pointer = prefix + (c.operation() != null ? "/operation" : "/permission");
            String name = c.operation() != null ? c.operation() : c.permission();
            if (name.isEmpty() || name.length() > MAX_CHECK_STRING) {
                errors.add(new FieldError(pointer, "must be 1 to " + MAX_CHECK_STRING + " characters"));
            }
        }
        if (c.atLeastRevision() != null && c.atLeastRevision() < 0) {
            errors.add(new FieldError(prefix + "/atLeastRevision", "must not be negative"));
        }
    }
}
