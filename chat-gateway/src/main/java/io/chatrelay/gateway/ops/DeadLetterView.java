package io.chatrelay.gateway.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chatrelay.common.wire.ChatRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * A dead letter as the API shows it; {@code request}, {@code raw}, {@code headers} and {@code dlt} only when one is
 * shown by itself.
 *
 * @param requestId the request (or {@code dlt-<partition>-<offset>} for an unreadable record without one)
 * @param conversationId its conversation
 * @param company its company
 * @param preview the start of the message
 * @param category the failure category
 * @param reason why it failed
 * @param upstreamStatus the upstream HTTP status, if any
 * @param upstreamCode the upstream error code, if any
 * @param upstreamRequestId the upstream request id, if any
 * @param attempts upstream attempts made
 * @param firstFailureAt when the first attempt failed
 * @param lastFailureAt when the last attempt failed
 * @param replayCount how many times it had been replayed when it failed
 * @param resolved whether an operator replayed or discarded it
 * @param resolution what the operator did, when resolved
 * @param requestStatus the request's current status (live: a replay's outcome shows here)
 * @param request the full request, when shown by itself and readable
 * @param raw the record's text, when shown by itself and unreadable
 * @param headers the record's headers, when shown by itself
 * @param dlt where the record sits in the dead-letter topic, when shown by itself
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DeadLetterView(
        String requestId,
        String conversationId,
        String company,
        String preview,
        String category,
        String reason,
        Integer upstreamStatus,
        String upstreamCode,
        String upstreamRequestId,
        int attempts,
        Instant firstFailureAt,
        Instant lastFailureAt,
        int replayCount,
        boolean resolved,
        DeadLetter.Resolution resolution,
        String requestStatus,
        ChatRequest request,
        String raw,
        Map<String, String> headers,
        Map<String, Long> dlt) {

    static DeadLetterView summary(DeadLetter entry, String requestStatus, int previewChars) {
        return new DeadLetterView(
                entry.id(),
                entry.conversationId(),
                entry.company(),
                entry.preview(previewChars),
                entry.category(),
                entry.reason(),
                entry.upstreamStatus() == 0 ? null : entry.upstreamStatus(),
                entry.upstreamCode(),
                entry.upstreamRequestId(),
                entry.attempts(),
                entry.firstFailureAt(),
                entry.lastFailureAt(),
                entry.replayCount(),
                entry.resolved(),
                entry.resolution(),
                requestStatus,
                null,
                null,
                null,
                null);
    }

    static DeadLetterView detail(DeadLetter entry, String requestStatus, int previewChars) {
        DeadLetterView s = summary(entry, requestStatus, previewChars);
        return new DeadLetterView(
                s.requestId,
                s.conversationId,
                s.company,
                s.preview,
                s.category,
                s.reason,
                s.upstreamStatus,
                s.upstreamCode,
                s.upstreamRequestId,
                s.attempts,
                s.firstFailureAt,
                s.lastFailureAt,
                s.replayCount,
                s.resolved,
                s.resolution,
                s.requestStatus,
                entry.request(),
                entry.readable() ? null : new String(entry.value(), StandardCharsets.UTF_8),
                entry.headers(),
                Map.of("partition", (long) entry.partition(), "offset", entry.offset()));
    }
}
