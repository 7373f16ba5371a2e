package io.chatrelay.gateway.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an {@code Idempotency-Key} of a company resolved to, stored at {@code RedisKeys.idempotency} as
 * {@code "<body hash> <request id> <conversation id>"}, so that a retried POST gets the same request and a reused key
 * with another body is refused. Only this class reads or writes that format; the accept script stores and returns it
 * as it is.
 *
 * @param bodyHash SHA-256 of the body the key was first used with
 * @param requestId the request it created
 * @param conversationId that request's conversation
 */
record IdempotencyClaim(String bodyHash, String requestId, String conversationId) {

    /** The claim a new request makes with this body. */
    static IdempotencyClaim of(String body, String requestId, String conversationId) {
        return new IdempotencyClaim(hash(body), requestId, conversationId);
    }

    String encode() {
        return bodyHash + " " + requestId + " " + conversationId;
    }

    static IdempotencyClaim decode(String stored) {
        String[] parts = stored.split(" ", 3);
        return new IdempotencyClaim(parts[0], parts[1], parts[2]);
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
