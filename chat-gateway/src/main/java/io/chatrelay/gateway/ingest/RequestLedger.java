package io.chatrelay.gateway.ingest;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.RequestStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gateway's writes to the shared request state in Redis: the accepted record, the cancel request, and the
 * reads behind the status endpoint.
 */
class RequestLedger {

    /**
     * Checks that the company exists, then writes state, the {@code accepted} history entry and the conversation's
     * request list in one round trip and atomically, so that a worker never sees a half-written request. The
     * conversation's company is claimed in the same step: a conversation another company started is refused and
     * nothing is written. The claim has no TTL because the worker's binding of the conversation to its upstream thread
     * has none either. KEYS: state, history, conversation list, conversation company, company profile. ARGV: ttl
     * seconds, company, conversation id, message, created at, accepted JSON, request id, then the field names (passed
     * in so that the names live only in {@link RequestStateFields}). Returns 1 when recorded, 0 when the conversation
     * is another company's, 2 when the company has no profile.
     *
     * <p>Request ids are new for each request, so existing state means this very script already ran: the Redis client
     * sends a command again when a dropped connection lost its answer. It answers 1 again and writes nothing twice
     * (no second {@code accepted} entry, no second place in the conversation).
     */
    private static final RedisScript<Long> RECORD_ACCEPTED = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then
                return 1
            end
            if redis.call('EXISTS', KEYS[5]) == 0 then
                return 2
            end
            local owner = redis.call('GET', KEYS[4])
            if owner and owner ~= ARGV[2] then
                return 0
            end
            if not owner then
                redis.call('SET', KEYS[4], ARGV[2])
            end
            redis.call('HSET', KEYS[1], ARGV[8], ARGV[12], ARGV[9], ARGV[2], ARGV[10], ARGV[3],
                ARGV[11], ARGV[4], ARGV[13], ARGV[5], ARGV[14], '0')
            redis.call('EXPIRE', KEYS[1], ARGV[1])
            redis.call('XADD', KEYS[2], '*', ARGV[15], '0', ARGV[16], ARGV[6])
            redis.call('EXPIRE', KEYS[2], ARGV[1])
            redis.call('RPUSH', KEYS[3], ARGV[7])
            redis.call('EXPIRE', KEYS[3], ARGV[1])
            return 1
            """, Long.class);

    /**
     * Undoes {@link #RECORD_ACCEPTED} for a request Kafka never acknowledged. KEYS: state, history, conversation list;
     * ARGV: request id. The conversation's claim stays with the company that tried, which is who will retry.
     */
    private static final RedisScript<Long> FORGET = RedisScript.of("""
            redis.call('DEL', KEYS[1], KEYS[2])
            redis.call('LREM', KEYS[3], 0, ARGV[1])
            return 1
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;
    private final Duration ttl;

    RequestLedger(ReactiveStringRedisTemplate redis, RedisKeys keys, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.ttl = ttl;
    }

    /** What {@link #recordAccepted} did. */
    enum Recorded {
        /** The request is recorded. */
        ACCEPTED,
        /** Nothing was written: the conversation belongs to another company. */
        CONVERSATION_TAKEN,
        /** Nothing was written: the company has no profile. */
        UNKNOWN_COMPANY
    }

    /** Records the request, unless its company is unknown or its conversation belongs to another company. */
    Mono<Recorded> recordAccepted(ChatRequest request) {
        ChatEvent accepted = new ChatEvent.Accepted(
                request.requestId(), request.conversationId(), 0, request.acceptedAt(), request.companySlug());
        List<String> args = List.of(
                Long.toString(ttl.toSeconds()),
                request.companySlug(),
                request.conversationId(),
                request.message(),
                request.acceptedAt().toString(),
                ChatCodec.instance().toJson(accepted),
                request.requestId(),
                RequestStateFields.STATUS,
                RequestStateFields.COMPANY,
                RequestStateFields.CONVERSATION_ID,
                RequestStateFields.MESSAGE,
                RequestStatus.ACCEPTED.wireName(),
                RequestStateFields.CREATED_AT,
                RequestStateFields.SEQ,
                RequestStateFields.HISTORY_SEQ,
                RequestStateFields.HISTORY_EVENT);
        List<String> scriptKeys = List.of(
                keys.requestState(request.requestId()),
                keys.eventHistory(request.requestId()),
                keys.conversationRequests(request.conversationId()),
                keys.conversationCompany(request.conversationId()),
                keys.companyProfile(request.companySlug()));
        return redis.execute(RECORD_ACCEPTED, scriptKeys, args).next().map(recorded -> switch (recorded.intValue()) {
            case 1 -> Recorded.ACCEPTED;
            case 0 -> Recorded.CONVERSATION_TAKEN;
            case 2 -> Recorded.UNKNOWN_COMPANY;
            default -> throw new IllegalStateException("The record script answered " + recorded);
        });
    }

    Mono<Void> forget(ChatRequest request) {
        List<String> scriptKeys = List.of(
                keys.requestState(request.requestId()),
                keys.eventHistory(request.requestId()),
                keys.conversationRequests(request.conversationId()));
        return redis.execute(FORGET, scriptKeys, List.of(request.requestId())).then();
    }

    /** The request's state hash; empty when the request is unknown or expired. */
    Mono<Map<String, String>> state(String requestId) {
        return redis.<String, String>opsForHash()
                .entries(keys.requestState(requestId))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .filter(state -> !state.isEmpty());
    }

    /** The request ids of a conversation, in the order they were accepted. */
    Flux<String> conversation(String conversationId) {
        return redis.opsForList().range(keys.conversationRequests(conversationId), 0, -1);
    }

    /** Sets the cancel flag and tells the workers; the flag outlives a worker that misses the message. */
    Mono<Void> requestCancel(String requestId) {
        return redis.opsForValue()
                .set(keys.cancelFlag(requestId), "1", ttl)
                .then(redis.convertAndSend(keys.cancelChannel(), requestId))
                .then();
    }

    /** The company's stored profile (JSON or the seed's bare assistant id); empty when unknown. */
    Mono<String> profile(String companySlug) {
        return redis.opsForValue().get(keys.companyProfile(companySlug));
    }
}
