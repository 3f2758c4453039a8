package dev.rolegate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.engine.Reason;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The runner on the engine: one check per expectation, failures reported with file:line and
 * the engine's reason. Tagged {@code needs-engine}: it fails with UnsupportedOperationException
 * until the engine's Snapshot is built.
 */
@Tag("needs-engine")
class PolicyTestRunnerTest {

    private static List<PolicyTestResult> run(String yaml) {
        return PolicyTestRunner.run(PolicyTestLoader.parse("tests/mini.yaml", yaml, PolicyTestLoaderTest.TEMPLATES));
    }

    @Test
    void everyExpectationIsOneCheckInFileOrder() {
        List<PolicyTestResult> results = run("""
                template: mini
                cases:
                  - name: a sharer shares by link but not to Slack
                    roles: [sharer]
                    allow:
                      operations: [report.open, report.share_link]
                      permissions: [report.view]
                    deny:
                      operations: [report.share_to_slack]
                      permissions: [integrations.use]
                """);
        assertEquals(List.of("6:20", "6:33", "7:21", "9:20", "10:21"),
                results.stream().map(r -> r.location().line() + ":" + r.location().column()).toList());
        assertTrue(results.stream().allMatch(PolicyTestResult::passed), results::toString);
        PolicyTestResult slack = results.get(3);
        // the Heap rule: the sharer holds report.share, and the operation also needs integrations.use
        assertEquals(Reason.MISSING_PERMISSION, slack.actual().reason());
        assertEquals(List.of("integrations.use"), slack.actual().missing());
    }

    @Test
    void aWrongExpectationFailsWithItsLocationAndTheEnginesReason() {
        List<PolicyTestResult> results = run("""
                template: mini
                cases:
                  - name: viewer
                    roles: [viewer]
                    allow:
                      operations: [report.open, report.share_link]
                  - name: sharer
                    roles: [sharer]
                    deny:
                      operations: [report.open]
                """);
        assertEquals(List.of(true, false, false), results.stream().map(PolicyTestResult::passed).toList());
        assertEquals("tests/mini.yaml:6:33: case 'viewer': operation report.share_link should be allowed "
                + "but is denied (missing_permission: report.share)", results.get(1).render());
        assertEquals("tests/mini.yaml:10:20: case 'sharer': operation report.open should be denied "
                + "but is allowed", results.get(2).render());
        assertEquals("tests/mini.yaml:6:20: case 'viewer': operation report.open is allowed as expected",
                results.get(0).render());
    }

    @Test
    void casesDoNotLeakIntoEachOther() {
        // case-1 holds sharer; case-2 holds nothing and must not see case-1's roles
        List<PolicyTestResult> results = run("""
                template: mini
                cases:
                  - name: sharer
                    roles: [sharer]
                    allow: {operations: [report.share_link]}
                  - name: nobody
                    roles: []
                    deny: {operations: [report.share_link, report.open]}
                """);
        assertTrue(results.stream().allMatch(PolicyTestResult::passed), results::toString);
        assertFalse(results.get(1).actual().allowed());
    }
}
