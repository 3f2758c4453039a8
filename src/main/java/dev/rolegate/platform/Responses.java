package dev.rolegate.platform;

import jakarta.ws.rs.core.Response;

/** Building the answers of writes: status, body and the {@code Rolegate-Revision} header. */
public final class Responses {

    /** Header carrying the account's revision after a successful write (a 64-bit integer). */
    public static final String REVISION_HEADER = "Rolegate-Revision";

    private Responses() {
    }

    /** 201 or 200 with the written value as body. */
    public static Response written(Written<?> written) {
        return Response.status(written.created() ? 201 : 200)
                .entity(written.value())
                .header(REVISION_HEADER, written.revision())
                .build();
    }

    /** 201 or 200 with the written value as body and its {@code ETag}. */
    public static Response writtenWithETag(Written<?> written) {
        return Response.status(written.created() ? 201 : 200)
                .entity(written.value())
                .header(REVISION_HEADER, written.revision())
                .header("ETag", ETags.of(written.value()))
                .build();
    }

    /** 200 with a representation and its {@code ETag}, for a {@code GET}. */
    public static Response tagged(Object representation) {
        return Response.ok(representation).header("ETag", ETags.of(representation)).build();
    }

    /** 204 after a delete. */
    public static Response deleted(long revision) {
        return Response.noContent().header(REVISION_HEADER, revision).build();
    }
}
