package io.chatrelay.gateway.ingest;

import java.time.Duration;

/** What the accept scripts did with a submission. */
sealed interface Admission {

    /**
     * The request is recorded (state, {@code accepted} history entry, place in its conversation, and the
     * {@code Idempotency-Key} claim when one was given); it is to be published.
     *
     * @param profile the company's stored profile, as the workers read it
     */
    record Recorded(String profile) implements Admission {}

    /**
     * The company's bucket is empty; nothing else was looked at or written.
     *
     * @param retryAfter how long until a token is there
     */
    record RateLimited(Duration retryAfter) implements Admission {}

    /**
     * The {@code Idempotency-Key} was used before with the same body: the request it created then.
     *
     * @param requestId that request
     * @param conversationId its conversation
     */
    record Replayed(String requestId, String conversationId) implements Admission {}

    /**
     * The {@code Idempotency-Key} was used before with the same body, and that request still waits for Kafka's
     * acknowledgement; nothing was written.
     */
    record Pending() implements Admission {}

    /**
     * The {@code Idempotency-Key} was used before with the same body, and that request's publish ended without
     * Kafka's verdict; nothing was written. It is to be published again, under its own ids.
     *
     * @param claim the key's claim as stored, naming that request
     */
    record Unconfirmed(IdempotencyClaim claim) implements Admission {}

    /** The {@code Idempotency-Key} was used before with another body; nothing was written. */
    record KeyReused() implements Admission {}

    /** The company has no profile; nothing was written. */
    record UnknownCompany() implements Admission {}

    /** The conversation belongs to another company; nothing was written. */
    record ConversationTaken() implements Admission {}
}
