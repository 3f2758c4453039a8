package dev.rolegate.platform;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Strict JSON types for the one {@link ObjectMapper} of the service (issue 11 item 3): Quarkus
 * REST reads every request body with it, and the stored settings, watermarks and audit entries
 * are read back with it. A value of the wrong JSON type is refused, never converted:
 * {@code "subject": 12}, {@code "atLeastRevision": 1.7} or {@code "5"}, {@code "explain": "yes"}
 * or {@code 1}, {@code "permissions": [12]}. The refusal reaches the caller as a 400
 * {@code invalid_request} whose {@code errors[0].pointer} names the field ({@code ProblemMappers}).
 *
 * <p>Refused (Jackson's coercion configuration, {@link CoercionAction#Fail}): a number or boolean
 * where a string is expected; a string, float or boolean where an integer is; a string or number
 * where a boolean is; a string where a number is; an empty string for any of these; a float for
 * an integer (even {@code 2.0}); a number for an enum. Still accepted, because they are the
 * JSON type: an integer where a floating-point number is expected, {@code null} for an optional
 * (boxed) field. Unknown fields are refused too ({@code quarkus.jackson.fail-on-unknown-properties}).
 *
 * <p>The Java client reads answers with the same scalar rules but tolerates unknown fields (a
 * newer service may add some); the policy command line reads export files as trees and checks
 * each node's type itself.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Integer, CoercionInputShape.Float);
        refuse(mapper, LogicalType.Enum, CoercionInputShape.EmptyString, CoercionInputShape.Integer);
    }

    private static void refuse(ObjectMapper mapper, LogicalType target, CoercionInputShape... inputs) {
        for (CoercionInputShape input : inputs) {
            mapper.coercionConfigFor(target).setCoercion(input, CoercionAction.Fail);
        }
    }
}
