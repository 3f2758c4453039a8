package dev.rolegate.preview.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Body of {@code POST /v1/accounts/{a}/changes/preview}: admin API writes to preview, applied
 * in order as one change.
 *
 * @param changes at most {@value PreviewResource#MAX_CHANGES} writes
 */
public record PreviewRequest(List<Item> changes) {

    /**
     * One write, as the admin API takes it.
     *
     * @param op   {@code put} or {@code delete}
     * @param path the endpoint's path relative to the account: {@code /roles/{r}} (a delete may
     *             add {@code ?cascade=true}), {@code /permissions/{p}}, {@code /users/{u}},
     *             {@code /groups/{g}}, {@code /groups/{g}/members/{u}}, {@code /users/{u}/roles/{r}},
     *             {@code /groups/{g}/roles/{r}}
     * @param body the endpoint's JSON body for a put (a {@code RoleRequest}, {@code PermissionRequest},
     *             {@code UserRequest}, {@code GroupRequest} or {@code AssignmentRequest}); absent for a delete
     */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "PreviewChange")
    public record Item(String op, String path,
                       @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT) JsonNode body) {
    }
}
