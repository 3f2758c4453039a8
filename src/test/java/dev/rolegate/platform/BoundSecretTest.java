package dev.rolegate.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.Problem;
import dev.rolegate.platform.problem.ProblemException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A stored secret goes only to the destination it was given for (issue 11 item 2). */
class BoundSecretTest {

    /** A stand-in destination, as a webhook's would be. */
    record Hook(String url, String signingAlgorithm) {
    }

    final BoundSecret<Hook, String> stored = new BoundSecret<>(new Hook("https://hooks.example.test/a", "hmac-sha256"), "s3cret");

    @Test
    void theSameDestinationKeepsTheStoredSecret() {
        Hook same = new Hook("https://hooks.example.test/a", "hmac-sha256");
        assertTrue(stored.mayKeepFor(same));
        assertEquals("s3cret", stored.secretFor(same, Optional.empty(), "/secret"));
    }

    @Test
    void aGivenSecretIsUsedForAnyDestination() {
        assertEquals("new", stored.secretFor(new Hook("https://elsewhere.test/", "hmac-sha256"), Optional.of("new"), "/secret"));
    }

    @Test
    void anyChangedComponentNeedsTheSecretAgain() {
        for (Hook changed : List.of(new Hook("https://elsewhere.test/a", "hmac-sha256"),
                new Hook("https://hooks.example.test/a", "none"))) {
            assertFalse(stored.mayKeepFor(changed), changed::toString);
            ProblemException e = assertThrows(ProblemException.class,
                    () -> stored.secretFor(changed, Optional.empty(), "/secret"));
            Problem problem = e.problem();
            assertEquals(400, problem.status());
            assertEquals("secret_required", problem.code());
            assertEquals(List.of("/secret"), problem.errors().stream().map(FieldError::pointer).toList());
            assertFalse(problem.detail().contains("s3cret"), problem.detail());
        }
    }
}
