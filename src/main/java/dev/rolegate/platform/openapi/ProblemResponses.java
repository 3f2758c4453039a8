package dev.rolegate.platform.openapi;

import dev.rolegate.platform.problem.Problem;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds the RFC 9457 problem details object ({@link Problem}, media type
 * {@code application/problem+json}) to the OpenAPI document as the {@code 4XX} and {@code 5XX}
 * response of every operation, so no resource has to repeat it. Registered with
 * {@code mp.openapi.filter}; runs when the document is built.
 */
public class ProblemResponses implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "FieldError";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents()
                .addSchema(FIELD_ERROR, fieldErrorSchema())
                .addSchema(PROBLEM, problemSchema())
                .addResponse("ClientProblem", problemResponse("The request was refused (problem details)."))
                .addResponse("ServerProblem", problemResponse("The service failed or is unavailable (problem details)."));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            Map<PathItem.HttpMethod, Operation> operations = item.getOperations();
            if (operations == null) {
                continue;
            }
            for (Operation operation : operations.values()) {
                APIResponses responses = operation.getResponses();
                if (responses == null) {
                    responses = OASFactory.createAPIResponses();
                    operation.setResponses(responses);
                }
                if (responses.getAPIResponses() != null) {
                    // the scanner's own 400s (body, parameters) carry no content: they are problems too
                    for (Map.Entry<String, APIResponse> r : responses.getAPIResponses().entrySet()) {
                        if ((r.getKey().startsWith("4") || r.getKey().startsWith("5"))
                                && r.getValue().getRef() == null && r.getValue().getContent() == null) {
                            r.getValue().setContent(problemContent());
                        }
                    }
                }
                if (!responses.hasAPIResponse("4XX")) {
                    responses.addAPIResponse("4XX", OASFactory.createAPIResponse().ref("ClientProblem"));
                }
                if (!responses.hasAPIResponse("5XX")) {
                    responses.addAPIResponse("5XX", OASFactory.createAPIResponse().ref("ServerProblem"));
                }
            }
        }
    }

    private static APIResponse problemResponse(String description) {
        return OASFactory.createAPIResponse().description(description).content(problemContent());
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details; docs/errors.md lists every code.")
                .addProperty("type", string("A URI naming the problem type: urn:rolegate:problem:<code>"))
                .addProperty("title", string("A short summary of the problem type"))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))
                        .format("int32").description("The HTTP status code"))
                .addProperty("detail", string("What went wrong this time, for a person"))
                .addProperty("code", string("The stable snake_case code"))
                .addProperty("errors", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .description("Per-field errors; omitted when empty")
                        .items(OASFactory.createSchema().ref(FIELD_ERROR)))
                .required(List.of("type", "title", "status", "code"));
    }

    private static Schema fieldErrorSchema() {
        return OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("One invalid field of a request")
                .addProperty("pointer", string("RFC 6901 JSON pointer into the body, or #param for a path or query parameter"))
                .addProperty("message", string("What is wrong with it"))
                .required(List.of("pointer", "message"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).description(description);
    }
}
