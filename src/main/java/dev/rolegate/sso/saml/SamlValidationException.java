package dev.rolegate.sso.saml;

import java.util.Objects;
import java.util.Optional;

/**
 * A SAML response was refused. {@link #reason()} says why, as a typed {@link SamlFailure}.
 *
 * <p>The message holds the reason code and a fixed description of the failed check, plus the
 * Response and Assertion IDs when known (reduced to safe characters). It never contains the
 * assertion or any value from it (NameID, attributes, URLs), so it may be logged as is; the
 * browser should get a generic error and nothing from this exception.
 */
public final class SamlValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SamlFailure reason;
    private final String responseId;
    private final String assertionId;

    /**
     * @param reason why the response was refused
     * @param detail a fixed description of the failed check; never a value from the response
     */
    public SamlValidationException(SamlFailure reason, String detail) {
        this(reason, detail, null, null);
    }

    SamlValidationException(SamlFailure reason, String detail, String responseId,
            String assertionId) {
        super(message(reason, detail, responseId, assertionId), null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.responseId = responseId;
        this.assertionId = assertionId;
    }

    /** Why the response was refused. */
    public SamlFailure reason() {
        return reason;
    }

    /** The Response ID, sanitised, when the document got far enough to have one. */
    public Optional<String> responseId() {
        return Optional.ofNullable(responseId);
    }

    /** The Assertion ID, sanitised, when the document got far enough to have one. */
    public Optional<String> assertionId() {
        return Optional.ofNullable(assertionId);
    }

    private static String message(SamlFailure reason, String detail, String responseId,
            String assertionId) {
        StringBuilder message = new StringBuilder("SAML response refused: ")
                .append(reason.code()).append(" (").append(detail).append(')');
        if (responseId != null) {
            message.append(" responseId=").append(responseId);
        }
        if (assertionId != null) {
            message.append(" assertionId=").append(assertionId);
        }
        return message.toString();
    }
}
