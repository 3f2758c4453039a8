package dev.rolegate.account.api;

import dev.rolegate.account.AccountService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.rolegate.platform.Inputs;
import dev.rolegate.platform.Responses;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.AdminOperation;
import dev.rolegate.token.PlatformOperation;
import dev.rolegate.token.Scope;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Accounts: created by platform tokens, read by the account's admins (or the platform). */
@Path("/v1/accounts")
public class AccountResource {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");


    @Inject
    AccountService accounts;

    @Operation(operationId = "createAccount", summary = "Create an account from a template")
    @POST
    @PlatformOperation
    public Response create(CreateAccountRequest body) {
        if (body == null) {
            throw ProblemException.invalid("/", "a JSON body {\"id\",\"name\",\"template\",\"owner\"?} is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (body.id() == null || !ACCOUNT_ID.matcher(body.id()).matches()) {
            errors.add(new FieldError("/id", "must match [a-z0-9][a-z0-9-]{1,62}, got " + Inputs.quote(body.id())));
        }
        if (body.name() == null || body.name().isBlank()) {
            errors.add(new FieldError("/name", "name is required"));
        }
        if (body.template() == null || body.template().isBlank()) {
            errors.add(new FieldError("/template", "template is required, e.g. \"saas-analytics\""));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.get(0).pointer() + ": " + errors.get(0).message(), errors);
        }
        String name = Inputs.text("/name", body.name());
        Optional<String> owner = Optional.ofNullable(body.owner()).map(o -> Inputs.userId("/owner", o));
        return Responses.written(accounts.create(body.id(), name, body.template(), owner));
    }

    @Operation(operationId = "getAccount", summary = "Read an account")
    @GET
    @Path("{account}")
    @AdminOperation(value = "rbac.account.get", orScope = Scope.PLATFORM)
    public AccountResponse get(@PathParam("account") String account) {
        return accounts.get(account);
    }
}
