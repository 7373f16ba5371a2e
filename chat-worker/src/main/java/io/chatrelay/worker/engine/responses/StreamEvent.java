package io.chatrelay.worker.engine.responses;

/** One server-sent event of a response's stream, reduced to what the turn uses. */
sealed interface StreamEvent {

    /** The event's {@code sequence_number}; -1 when it had none. */
    long sequence();

    /** {@code response.created}: the response has its id. */
    record Created(long sequence, String responseId) implements StreamEvent {}

    /** {@code response.output_text.delta}: a piece of the answer. */
    record TextDelta(long sequence, String delta) implements StreamEvent {}

    /** {@code response.completed}, {@code response.incomplete}, {@code response.failed}: the response ended. */
    record Ended(long sequence, ResponseSummary response) implements StreamEvent {}

    /** {@code error}: the stream reports a failure (flat or nested shape). */
    record Error(long sequence, String code, String message) implements StreamEvent {}

    /** Any other event: only its sequence number matters, for resuming. */
    record Other(long sequence) implements StreamEvent {}
}
