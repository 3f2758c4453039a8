package dev.rolegate.check.api;

import dev.rolegate.check.CheckService;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Turns the check service's answers into responses without blocking: the check endpoints return
 * these, so Quarkus REST runs them on the event loop.
 */
public final class Answers {

    /**
     * Header set on an answer computed from a snapshot held while the database is unreachable:
     * how long ago, in milliseconds, the database last confirmed it.
     */
    public static final String STALE_HEADER = "Rolegate-Stale";

    private Answers() {
    }

    public static <T> Uni<RestResponse<T>> of(CompletionStage<CheckService.Answer<T>> stage) {
        return Uni.createFrom().completionStage(stage)
                .onFailure(CompletionException.class).transform(e -> e.getCause() == null ? e : e.getCause())
                .map(Answers::response);
    }

    private static <T> RestResponse<T> response(CheckService.Answer<T> answer) {
        if (answer.staleMillis() < 0) {
            return RestResponse.ok(answer.body());
        }
        return RestResponse.ResponseBuilder.ok(answer.body()).header(STALE_HEADER, answer.staleMillis()).build();
    }
}
