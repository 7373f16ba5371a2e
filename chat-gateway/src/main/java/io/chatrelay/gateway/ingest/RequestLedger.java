package io.chatrelay.gateway.ingest;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.wire.ChatRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gateway's writes to the shared request state in Redis besides the accept script ({@link AcceptScript}): undoing a
 * record Kafka never took, the cancel request, and the reads behind the status endpoint.
 */
class RequestLedger {

    private static final Logger log = LoggerFactory.getLogger(RequestLedger.class);

    /**
     * Undoes the accept script for a request Kafka never acknowledged, and frees its {@code Idempotency-Key} (if it
     * still holds this request's claim) so that the client's retry can succeed. KEYS: state, history, conversation
     * list, then the idempotency key when there is one; ARGV: request id, then the encoded claim. The conversation's
     * company stays with the company that tried, which is who will retry.
     */
    private static final RedisScript<Long> FORGET = RedisScript.of("""
            redis.call('DEL', KEYS[1], KEYS[2])
            redis.call('LREM', KEYS[3], 0, ARGV[1])
            if KEYS[4] and redis.call('GET', KEYS[4]) == ARGV[2] then
                redis.call('DEL', KEYS[4])
            end
            return 1
            """, Long.class);

    /**
     * Moves an {@code Idempotency-Key}'s claim to its next stage, if it still holds this request's claim at the stage
     * before; keeps its TTL. KEYS: the idempotency key; ARGV: the claim before, the claim after.
     */
    private static final RedisScript<Long> ADVANCE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
                return 1
            end
            return 0
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;
    private final Duration ttl;

    RequestLedger(ReactiveStringRedisTemplate redis, RedisKeys keys, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.ttl = ttl;
    }

    /** Undoes the accept script's record of a request, and frees its {@code Idempotency-Key} when {@code claim} is set. */
    Mono<Void> forget(ChatRequest request, String idempotencyKey, IdempotencyClaim claim) {
        List<String> scriptKeys = new ArrayList<>(List.of(
                keys.requestState(request.requestId()),
                keys.eventHistory(request.requestId()),
                keys.conversationRequests(request.conversationId())));
        List<String> args = new ArrayList<>(List.of(request.requestId()));
        if (claim != null) {
            scriptKeys.add(keys.idempotency(request.companySlug(), idempotencyKey));
            args.add(claim.encode());
        }
        return redis.execute(FORGET, scriptKeys, args).then();
    }

    /**
     * Moves the {@code Idempotency-Key} claim of a request from {@code claim} to {@code next}: to published once Kafka
     * acknowledged it (retries with the key get the request from then on), to unconfirmed once its publish ended
     * without a verdict (retries send it again). Should Redis fail here, the claim stays as it was: a pending one is
     * answered 409 until it expires, an unconfirmed one is sent again by each retry.
     */
    Mono<Void> advance(
            ChatRequest request, String idempotencyKey, IdempotencyClaim claim, IdempotencyClaim.Stage next) {
        return redis.execute(
                        ADVANCE,
                        List.of(keys.idempotency(request.companySlug(), idempotencyKey)),
                        List.of(claim.encode(), claim.at(next).encode()))
                .then()
                .onErrorResume(failure -> {
                    log.warn(
                            "Could not mark the Idempotency-Key of {} {}: {}",
                            request.requestId(),
                            next.name().toLowerCase(),
                            failure.toString());
                    return Mono.empty();
                });
    }

    /** The request's state hash; empty when the request is unknown or expired. */
    Mono<Map<String, String>> state(String requestId) {
        return redis.<String, String>opsForHash()
                .entries(keys.requestState(requestId))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .filter(state -> !state.isEmpty());
    }

    /** Up to {@code count} request ids of a conversation from the {@code from}-th, in the order they were accepted. */
    Flux<String> conversation(String conversationId, long from, long count) {
        return redis.opsForList().range(keys.conversationRequests(conversationId), from, from + count - 1);
    }

    /** Sets the cancel flag and tells the workers; the flag outlives a worker that misses the message. */
    Mono<Void> requestCancel(String requestId) {
        return redis.opsForValue()
                .set(keys.cancelFlag(requestId), "1", ttl)
                .then(redis.convertAndSend(keys.cancelChannel(), requestId))
                .then();
    }
}
