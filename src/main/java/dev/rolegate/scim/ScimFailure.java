package dev.rolegate.scim;

import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ErrorResponse;

/**
 * A refused SCIM request: the HTTP status and the {@code scimType} of RFC 7644 §3.12 table 9,
 * answered as the SCIM Error schema ({@code status} as a string). Unchecked, so a refusal inside
 * a unit of work rolls the whole request back: nothing half-written stays.
 */
public final class ScimFailure extends RuntimeException {

    private final int status;
    private final String scimType;

    public ScimFailure(int status, String scimType, String detail) {
        super(detail);
        this.status = status;
        this.scimType = scimType;
    }

    /** The SDK's own refusal (a filter or path that does not parse, a PATCH it cannot apply). */
    public static ScimFailure of(ScimException e) {
        ErrorResponse error = e.getScimError();
        return new ScimFailure(error.getStatus(), error.getScimType(), error.getDetail() == null ? e.getMessage() : error.getDetail());
    }

    /** 400 {@code invalidSyntax}: the body is not JSON, or not the schema the endpoint takes. */
    public static ScimFailure invalidSyntax(String detail) {
        return new ScimFailure(400, "invalidSyntax", detail);
    }

    /** 400 {@code invalidValue}: a required value missing, or a value Rolegate cannot take. */
    public static ScimFailure invalidValue(String detail) {
        return new ScimFailure(400, "invalidValue", detail);
    }

    /** 400 {@code invalidFilter}: a filter that does not parse or that names what cannot be filtered. */
    public static ScimFailure invalidFilter(String detail) {
        return new ScimFailure(400, "invalidFilter", detail);
    }

    /** 400 {@code invalidPath}: a PATCH path that does not parse. */
    public static ScimFailure invalidPath(String detail) {
        return new ScimFailure(400, "invalidPath", detail);
    }

    /** 400 {@code tooMany}: more than the request may carry. */
    public static ScimFailure tooMany(String detail) {
        return new ScimFailure(400, "tooMany", detail);
    }

    /** 409 {@code uniqueness}: the {@code userName} or group is taken. */
    public static ScimFailure uniqueness(String detail) {
        return new ScimFailure(409, "uniqueness", detail);
    }

    /** 404 with no {@code scimType}: no such resource in this account. */
    public static ScimFailure notFound(String detail) {
        return new ScimFailure(404, null, detail);
    }

    /** 412: the resource's version is not the {@code If-Match} the client sent. */
    public static ScimFailure preconditionFailed(String detail) {
        return new ScimFailure(412, null, detail);
    }

    public int status() {
        return status;
    }

    /** The {@code scimType}, or null (404, 401, 412, 500). */
    public String scimType() {
        return scimType;
    }

    /** The SCIM Error message (RFC 7644 §3.12). */
    public ErrorResponse toErrorResponse() {
        ErrorResponse error = new ErrorResponse(status);
        error.setScimType(scimType);
        error.setDetail(getMessage());
        return error;
    }
}
