package io.chatrelay.common.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * Progress of one request, published to {@code chat.events} and kept in the request's history.
 *
 * <p>{@code seq} is per request and strictly increasing: 0 is {@code accepted}, the workers number the rest.
 * The family is closed so that every consumer handles each type with an exhaustive {@code switch}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ChatEvent.Accepted.class, name = "accepted"),
    @JsonSubTypes.Type(value = ChatEvent.Queued.class, name = "queued"),
    @JsonSubTypes.Type(value = ChatEvent.ThreadBound.class, name = "thread"),
    @JsonSubTypes.Type(value = ChatEvent.Started.class, name = "started"),
    @JsonSubTypes.Type(value = ChatEvent.DeltaEmitted.class, name = "delta"),
    @JsonSubTypes.Type(value = ChatEvent.RetryScheduled.class, name = "retrying"),
    @JsonSubTypes.Type(value = ChatEvent.Completed.class, name = "completed"),
    @JsonSubTypes.Type(value = ChatEvent.Failed.class, name = "failed"),
    @JsonSubTypes.Type(value = ChatEvent.Cancelled.class, name = "cancelled"),
    @JsonSubTypes.Type(value = ChatEvent.DeadLettered.class, name = "dead_lettered")
})
public sealed interface ChatEvent {

    String requestId();

    String conversationId();

    long seq();

    Instant timestamp();

    /** The wire type of this event. */
    default EventType type() {
        return switch (this) {
            case Accepted e -> EventType.ACCEPTED;
            case Queued e -> EventType.QUEUED;
            case ThreadBound e -> EventType.THREAD;
            case Started e -> EventType.STARTED;
            case DeltaEmitted e -> EventType.DELTA;
            case RetryScheduled e -> EventType.RETRYING;
            case Completed e -> EventType.COMPLETED;
            case Failed e -> EventType.FAILED;
            case Cancelled e -> EventType.CANCELLED;
            case DeadLettered e -> EventType.DEAD_LETTERED;
        };
    }

    /** The gateway accepted the request and Kafka holds it. Always seq 0. */
    record Accepted(String requestId, String conversationId, long seq, Instant timestamp, String companySlug)
            implements ChatEvent {}

    /** A worker took the request and it waits for its conversation's turn. */
    record Queued(String requestId, String conversationId, long seq, Instant timestamp) implements ChatEvent {}

    /** The upstream thread or conversation the request runs in. */
    record ThreadBound(
            String requestId, String conversationId, long seq, Instant timestamp, String threadId, Engine engine)
            implements ChatEvent {}

    /** The upstream run (assistants) or response (responses) started. */
    record Started(String requestId, String conversationId, long seq, Instant timestamp, String runId)
            implements ChatEvent {}

    /** A piece of the answer; the deltas of a request concatenate to the final answer. */
    record DeltaEmitted(String requestId, String conversationId, long seq, Instant timestamp, String text)
            implements ChatEvent {}

    /** A transient upstream failure; the worker tries again after {@code delayMs}. */
    record RetryScheduled(
            String requestId,
            String conversationId,
            long seq,
            Instant timestamp,
            int attempt,
            long delayMs,
            String reason)
            implements ChatEvent {}

    /** The answer is complete. */
    record Completed(
            String requestId,
            String conversationId,
            long seq,
            Instant timestamp,
            String runId,
            String text,
            Usage usage)
            implements ChatEvent {}

    /** The request ended without an answer. */
    record Failed(
            String requestId,
            String conversationId,
            long seq,
            Instant timestamp,
            String code,
            String message,
            boolean retryable)
            implements ChatEvent {}

    /** The request was cancelled on request or by the upstream. */
    record Cancelled(String requestId, String conversationId, long seq, Instant timestamp, String reason)
            implements ChatEvent {}

    /** The request was moved to the dead-letter topic, where operators can replay it. */
    record DeadLettered(
            String requestId, String conversationId, long seq, Instant timestamp, String category, String reason)
            implements ChatEvent {}
}
