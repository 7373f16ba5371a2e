package io.chatrelay.gateway.ops;

import io.chatrelay.gateway.api.ApiException;
import java.time.Clock;
import java.util.List;
import org.springframework.http.HttpStatus;

/** Discards a dead letter: marks it resolved with a reason and writes the audit trail. Blocking. */
final class Discards {

    static final int MAX_REASON = 500;

    private final DeadLetterIndex index;
    private final AuditTrail audit;
    private final OpsMetrics metrics;
    private final Clock clock;

    Discards(DeadLetterIndex index, AuditTrail audit, OpsMetrics metrics, Clock clock) {
        this.index = index;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Returns the entry as discarded; 404 when unknown, 409 when already resolved. */
    DeadLetter discard(String id, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw ApiException.badRequest("missing_field", "A discard needs a reason", "reason");
        }
        if (reason.length() > MAX_REASON) {
            throw ApiException.badRequest(
                    "invalid_field", "The reason must have at most " + MAX_REASON + " characters", "reason");
        }
        DeadLetter entry = index.find(id).orElseThrow(Discards::unknown);
        DeadLetter.Resolution resolution =
                new DeadLetter.Resolution(DeadLetter.DISCARDED, clock.instant(), actor, reason.strip());
        DeadLetterIndex.Resolved result =
                entry.resolved() ? DeadLetterIndex.Resolved.NOT_OPEN : index.resolve(entry, resolution);
        switch (result) {
            case UNKNOWN -> throw unknown();
            case NOT_OPEN ->
                throw ApiException.of(
                        HttpStatus.CONFLICT,
                        "already_resolved",
                        "The dead letter was already replayed or discarded, or failed again meanwhile",
                        null);
            case RESOLVED -> {}
        }
        metrics.discarded();
        audit.record(new AuditTrail.Entry(
                null, "discard", actor, resolution.at(), null, List.of(id), 1, "discarded", resolution.reason()));
        return index.find(id).orElseThrow(Discards::unknown);
    }

    private static ApiException unknown() {
        return ApiException.notFound("unknown_dead_letter", "No dead letter with this id");
    }
}
