package io.chatrelay.gateway.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an {@code Idempotency-Key} of a company resolved to, stored at {@code RedisKeys.idempotency} as
 * {@code "<body hash> <request id> <conversation id>"}, followed by {@code " pending"} until Kafka acknowledged the
 * request, or {@code " unconfirmed"} once its publish ended without Kafka's verdict, so that a retried POST gets the
 * same request once it is really accepted (or sends it again), and a reused key with another body is refused. Only
 * this class reads or writes that format; the scripts store, compare and return it as it is.
 *
 * @param bodyHash SHA-256 of the body the key was first used with
 * @param requestId the request it created
 * @param conversationId that request's conversation
 * @param stage how far its request got
 */
record IdempotencyClaim(String bodyHash, String requestId, String conversationId, Stage stage) {

    /** How far a claimed request got toward Kafka. */
    enum Stage {
        /** Its call still waits for Kafka's acknowledgement (and may yet answer 503). */
        PENDING,
        /** Its publish ended without Kafka's verdict: Kafka may hold it or not; a retry sends it again. */
        UNCONFIRMED,
        /** Kafka acknowledged it. */
        PUBLISHED
    }

    /** The claim a new request makes with this body, pending until Kafka acknowledged the request. */
    static IdempotencyClaim of(String body, String requestId, String conversationId) {
        return new IdempotencyClaim(hash(body), requestId, conversationId, Stage.PENDING);
    }

    /** This claim at another stage. */
    IdempotencyClaim at(Stage next) {
        return new IdempotencyClaim(bodyHash, requestId, conversationId, next);
    }

    String encode() {
        String base = bodyHash + " " + requestId + " " + conversationId;
        return switch (stage) {
            case PENDING -> base + " pending";
            case UNCONFIRMED -> base + " unconfirmed";
            case PUBLISHED -> base;
        };
    }

    static IdempotencyClaim decode(String stored) {
        String[] parts = stored.split(" ");
        Stage stage =
                parts.length < 4 ? Stage.PUBLISHED : parts[3].equals("unconfirmed") ? Stage.UNCONFIRMED : Stage.PENDING;
        return new IdempotencyClaim(parts[0], parts[1], parts[2], stage);
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
