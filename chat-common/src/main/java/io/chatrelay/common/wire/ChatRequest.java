package io.chatrelay.common.wire;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One chat message to run as a conversation turn; published to {@code chat.requests} keyed by conversation id.
 *
 * @param schemaVersion wire version of this record, so old and new processes can tell what they read
 * @param requestId id minted by the gateway, unique per accepted request
 * @param conversationId our conversation id (or a client-supplied upstream {@code thread_…}/{@code conv_…} id)
 * @param companySlug the tenant the request belongs to
 * @param message the user's text
 * @param metadata caller-supplied string pairs, carried through untouched
 * @param acceptedAt when the gateway accepted the request
 * @param replayCount how many times operators replayed it from the dead-letter topic
 */
public record ChatRequest(
        int schemaVersion,
        String requestId,
        String conversationId,
        String companySlug,
        String message,
        Map<String, String> metadata,
        Instant acceptedAt,
        int replayCount) {

    /** The version this code writes. */
    public static final int SCHEMA_VERSION = 1;

    public ChatRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(companySlug, "companySlug");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A new request at the current schema version, never replayed. */
    public static ChatRequest of(
            String requestId,
            String conversationId,
            String companySlug,
            String message,
            Map<String, String> metadata,
            Instant acceptedAt) {
        return new ChatRequest(
                SCHEMA_VERSION, requestId, conversationId, companySlug, message, metadata, acceptedAt, 0);
    }

    /** The same request sent once more by an operator. */
    public ChatRequest replayed() {
        return new ChatRequest(
                schemaVersion, requestId, conversationId, companySlug, message, metadata, acceptedAt, replayCount + 1);
    }
}
