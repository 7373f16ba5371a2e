package io.chatrelay.gateway.ingest;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.wire.ChatRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gateway's writes to the shared request state in Redis besides the accept scripts ({@link AcceptScript}): undoing a
 * record Kafka never took, the cancel request, and the reads behind the status endpoint.
 */
class RequestLedger {

    private static final Logger log = LoggerFactory.getLogger(RequestLedger.class);

    /**
     * Frees an {@code Idempotency-Key} if it still holds this request's claim. KEYS: the idempotency key; ARGV: the
     * encoded claim.
     */
    private static final RedisScript<Long> FREE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                return redis.call('DEL', KEYS[1])
            end
            return 0
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

    /**
     * Undoes the accept scripts for a request Kafka never acknowledged, and frees its {@code Idempotency-Key} (if it
     * still holds this request's claim) so that the client's retry can succeed: the record first, then the place in
     * the conversation, then the key, each in its own slot. The conversation's company stays with the company that
     * tried, which is who will retry.
     */
    Mono<Void> forget(ChatRequest request, String idempotencyKey, IdempotencyClaim claim) {
        Mono<Void> record = redis.delete(keys.requestState(request.requestId()), keys.eventHistory(request.requestId()))
                .then();
        Mono<Void> place = redis.opsForList()
                .remove(keys.conversationRequests(request.conversationId()), 0, request.requestId())
                .then();
        Mono<Void> key = claim == null
                ? Mono.empty()
                : redis.execute(
                                FREE,
                                List.of(keys.idempotency(request.companySlug(), idempotencyKey)),
                                List.of(claim.encode()))
                        .then();
        return record.then(place).then(key);
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
