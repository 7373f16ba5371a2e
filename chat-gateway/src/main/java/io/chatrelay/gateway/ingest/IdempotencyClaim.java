package io.chatrelay.gateway.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an {@code Idempotency-Key} of a company resolved to, stored at {@code RedisKeys.idempotency} as
 * {@code "<body hash> <request id> <conversation id>"}, followed by {@code " pending"} until Kafka acknowledged the
 * request, so that a retried POST gets the same request once it is really accepted, and a reused key with another body
 * is refused. Only this class reads or writes that format; the scripts store, compare and return it as it is.
 *
 * @param bodyHash SHA-256 of the body the key was first used with
 * @param requestId the request it created
 * @param conversationId that request's conversation
 * @param pending whether the request still waits for Kafka's acknowledgement (its call may yet answer 503)
 */
record IdempotencyClaim(String bodyHash, String requestId, String conversationId, boolean pending) {

    private static final String PENDING = "pending";

    /** The claim a new request makes with this body, pending until Kafka acknowledged the request. */
    static IdempotencyClaim of(String body, String requestId, String conversationId) {
        return new IdempotencyClaim(hash(body), requestId, conversationId, true);
    }

    /** This claim once Kafka acknowledged its request. */
    IdempotencyClaim published() {
        return new IdempotencyClaim(bodyHash, requestId, conversationId, false);
    }

    String encode() {
        return bodyHash + " " + requestId + " " + conversationId + (pending ? " " + PENDING : "");
    }

    static IdempotencyClaim decode(String stored) {
        String[] parts = stored.split(" ");
        return new IdempotencyClaim(parts[0], parts[1], parts[2], parts.length > 3 && parts[3].equals(PENDING));
    }

    private static String hash(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
