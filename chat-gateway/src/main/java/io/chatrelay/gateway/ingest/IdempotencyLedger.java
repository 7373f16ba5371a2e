package io.chatrelay.gateway.ingest;

import io.chatrelay.common.naming.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * Remembers which request an {@code Idempotency-Key} of a company resolved to, with a hash of the body it came
 * with, so that a retried POST gets the same request and a reused key with another body is refused.
 */
class IdempotencyLedger {

    /**
     * What a key resolved to.
     *
     * @param bodyHash SHA-256 of the body the key was first used with
     * @param requestId the request it created
     * @param conversationId that request's conversation
     */
    record Claim(String bodyHash, String requestId, String conversationId) {

        String encode() {
            return bodyHash + " " + requestId + " " + conversationId;
        }

        static Claim decode(String stored) {
            String[] parts = stored.split(" ", 3);
            return new Claim(parts[0], parts[1], parts[2]);
        }
    }

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;
    private final Duration ttl;

    IdempotencyLedger(ReactiveStringRedisTemplate redis, RedisKeys keys, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.ttl = ttl;
    }

    /** Claims the key for a new request; empty when it was already claimed (then {@link #find} tells by whom). */
    Mono<Boolean> claim(String company, String key, Claim claim) {
        return redis.opsForValue().setIfAbsent(keys.idempotency(company, key), claim.encode(), ttl);
    }

    Mono<Claim> find(String company, String key) {
        return redis.opsForValue().get(keys.idempotency(company, key)).map(Claim::decode);
    }

    /** Frees a key whose request was never accepted, so that the client's retry can succeed. */
    Mono<Void> release(String company, String key) {
        return redis.delete(keys.idempotency(company, key)).then();
    }

    static String hash(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
