package dev.rolegate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The backoff arithmetic and the Retry-After reading, without any HTTP. */
class RetryPolicyTest {

    private static final RetryPolicy NO_JITTER = RetryPolicy.builder().jitter(0).build();

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheCap() {
        long[] expected = {100, 200, 400, 800, 1600, 2000, 2000};
        for (int retry = 1; retry <= expected.length; retry++) {
            assertEquals(Duration.ofMillis(expected[retry - 1]), NO_JITTER.backoff(retry, 0.7), "retry " + retry);
        }
    }

    @Test
    void jitterShortensAWaitByUpToItsFraction() {
        RetryPolicy half = RetryPolicy.defaults();
        assertEquals(Duration.ofMillis(400), half.backoff(3, 0.0));
        assertEquals(Duration.ofMillis(300), half.backoff(3, 0.5));
        assertEquals(Duration.ofMillis(200), half.backoff(3, 1.0));
        RetryPolicy full = RetryPolicy.builder().jitter(1).build();
        assertEquals(Duration.ZERO, full.backoff(3, 1.0));
    }

    @Test
    void givesUpAtMaxAttemptsOrWhenTheWaitWouldEndAfterMaxElapsed() {
        RetryPolicy p = RetryPolicy.builder().maxAttempts(3).jitter(0).maxElapsed(Duration.ofSeconds(1)).build();
        assertEquals(Optional.of(Duration.ofMillis(100)), p.delayBefore(1, Duration.ZERO, Optional.empty(), 0));
        assertEquals(Optional.of(Duration.ofMillis(200)), p.delayBefore(2, Duration.ofMillis(100), Optional.empty(), 0));
        assertEquals(Optional.empty(), p.delayBefore(3, Duration.ofMillis(300), Optional.empty(), 0));
        // 850 ms spent + 200 ms wait > 1 s
        assertEquals(Optional.empty(), p.delayBefore(2, Duration.ofMillis(850), Optional.empty(), 0));
        assertEquals(Optional.empty(), RetryPolicy.none().delayBefore(1, Duration.ZERO, Optional.empty(), 0));
    }

    @Test
    void retryAfterIsAFloorAndCountsAgainstTheBudget() {
        RetryPolicy p = RetryPolicy.builder().jitter(0).maxElapsed(Duration.ofSeconds(5)).build();
        assertEquals(Optional.of(Duration.ofSeconds(3)), p.delayBefore(1, Duration.ZERO, Optional.of(Duration.ofSeconds(3)), 0));
        // a Retry-After shorter than the backoff does not shorten it
        assertEquals(Optional.of(Duration.ofMillis(100)), p.delayBefore(1, Duration.ZERO, Optional.of(Duration.ZERO), 0));
        assertEquals(Optional.empty(), p.delayBefore(1, Duration.ofSeconds(1), Optional.of(Duration.ofSeconds(120)), 0));
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        Instant now = Instant.parse("2026-05-04T10:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(3)), RolegateClient.retryAfter(Optional.of(" 3 "), now));
        assertEquals(Optional.of(Duration.ofSeconds(90)),
                RolegateClient.retryAfter(Optional.of("Mon, 04 May 2026 10:01:30 GMT"), now));
        assertEquals(Optional.of(Duration.ZERO), RolegateClient.retryAfter(Optional.of("Mon, 04 May 2026 09:00:00 GMT"), now));
        assertEquals(Optional.empty(), RolegateClient.retryAfter(Optional.of("soon"), now));
        assertEquals(Optional.empty(), RolegateClient.retryAfter(Optional.of("-1"), now));
        assertEquals(Optional.empty(), RolegateClient.retryAfter(Optional.empty(), now));
    }

    @Test
    void theBuilderRefusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().maxAttempts(0));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().multiplier(0.5));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().jitter(1.5));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().initialBackoff(Duration.ofMillis(-1)));
    }
}
