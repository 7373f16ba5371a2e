package io.chatrelay.gateway.ingest;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.EventType;
import io.chatrelay.common.wire.RequestStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Everything Redis decides about accepting one request, in one script and so in one round trip: the company's rate
 * limit, the {@code Idempotency-Key}, the company and conversation checks, and the record a worker takes the request up
 * from. The record is atomic, so a worker never sees a half-written request.
 *
 * <p>The Redis client sends a script again when a dropped connection lost its answer. Request ids are new for every
 * call, so existing state means this very call ran already: the script then answers {@code recorded} again and
 * writes nothing twice (no second token, no second {@code accepted} entry, no second place in the conversation).
 */
final class AcceptScript {

    /** The field and wire names the script writes, as Lua constants made from the one place each is named. */
    private static final String NAMES = String.join(
            "",
            constant("STATUS", RequestStateFields.STATUS),
            constant("COMPANY", RequestStateFields.COMPANY),
            constant("CONVERSATION_ID", RequestStateFields.CONVERSATION_ID),
            constant("MESSAGE", RequestStateFields.MESSAGE),
            constant("CREATED_AT", RequestStateFields.CREATED_AT),
            constant("SEQ", RequestStateFields.SEQ),
            constant("HISTORY_SEQ", RequestStateFields.HISTORY_SEQ),
            constant("HISTORY_TYPE", RequestStateFields.HISTORY_TYPE),
            constant("HISTORY_EVENT", RequestStateFields.HISTORY_EVENT),
            constant("ACCEPTED_STATUS", RequestStatus.ACCEPTED.wireName()),
            constant("ACCEPTED_TYPE", EventType.ACCEPTED.wireName()));

    /**
     * KEYS: 1 request state, 2 history, 3 the conversation's request list, 4 the conversation's company, 5 the company's
     * profile, 6 the company's rate-limit bucket, 7 the {@code Idempotency-Key} (only when one was given). ARGV: see
     * the locals at the top. Answers {@code {outcome, ...}}, mapped to an {@link Admission} by {@link #admission}.
     */
    private static final RedisScript<List> ACCEPT = RedisScript.of(NAMES + """
            local request_id, company, conversation_id = ARGV[1], ARGV[2], ARGV[3]
            local message, created_at, accepted_json, ttl = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
            local burst, per_ms = tonumber(ARGV[8]), tonumber(ARGV[9]) -- burst 0: no rate limit
            local claim = ARGV[10] -- '' without an Idempotency-Key

            -- This call ran already (see AcceptScript): answer as the first run did.
            if redis.call('EXISTS', KEYS[1]) == 1 then
                return {'recorded', redis.call('GET', KEYS[5]) or ''}
            end

            -- A key used before: the request it made then, or a refusal; Java tells which by the body hash. Answered
            -- before the rate limit, so that a retried POST takes no second token.
            if claim ~= '' then
                local earlier = redis.call('GET', KEYS[7])
                if earlier then
                    return {'claimed', earlier}
                end
            end

            -- The rate limit: refill the bucket for the time passed, then take a token or say how long until one is
            -- there. Redis's own clock, so that gateways with skewed clocks agree.
            if burst > 0 then
                local time = redis.call('TIME')
                local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
                local bucket = redis.call('HMGET', KEYS[6], 'tokens', 'at')
                local tokens = tonumber(bucket[1]) or burst
                local at = tonumber(bucket[2]) or now
                tokens = math.min(burst, tokens + math.max(0, now - at) * per_ms)
                local wait = 0
                if tokens >= 1 then
                    tokens = tokens - 1
                else
                    wait = math.ceil((1 - tokens) / per_ms)
                end
                redis.call('HSET', KEYS[6], 'tokens', tostring(tokens), 'at', tostring(now))
                redis.call('PEXPIRE', KEYS[6], math.ceil(burst / per_ms) + 1000)
                if wait > 0 then
                    return {'rate_limited', tostring(wait)}
                end
            end

            -- The company must exist; the conversation is the company's that started it, for as long as the
            -- conversation lives: the TTL of its last request, renewed by each one (as the workers renew its binding
            -- to its upstream thread).
            local profile = redis.call('GET', KEYS[5])
            if not profile then
                return {'unknown_company'}
            end
            local owner = redis.call('GET', KEYS[4])
            if owner and owner ~= company then
                return {'conversation_taken'}
            end
            redis.call('SET', KEYS[4], company, 'EX', ttl)

            if claim ~= '' then
                redis.call('SET', KEYS[7], claim, 'EX', ttl)
            end
            redis.call('HSET', KEYS[1], STATUS, ACCEPTED_STATUS, COMPANY, company, CONVERSATION_ID, conversation_id,
                MESSAGE, message, CREATED_AT, created_at, SEQ, '0')
            redis.call('EXPIRE', KEYS[1], ttl)
            redis.call('XADD', KEYS[2], '*', HISTORY_SEQ, '0', HISTORY_TYPE, ACCEPTED_TYPE, HISTORY_EVENT, accepted_json)
            redis.call('EXPIRE', KEYS[2], ttl)
            redis.call('RPUSH', KEYS[3], request_id)
            redis.call('EXPIRE', KEYS[3], ttl)
            return {'recorded', profile}
            """, List.class);

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;
    private final Duration ttl;
    private final RateLimitProperties rateLimit;

    AcceptScript(ReactiveStringRedisTemplate redis, RedisKeys keys, Duration ttl, RateLimitProperties rateLimit) {
        this.redis = redis;
        this.keys = keys;
        this.ttl = ttl;
        this.rateLimit = rateLimit;
    }

    /**
     * Runs the script for a request, under the company's rate limit when it is enabled.
     *
     * @param request the request, with its new ids
     * @param idempotencyKey the client's key, or null
     * @param claim what the key is to resolve to; null without a key
     */
    Mono<Admission> run(ChatRequest request, String idempotencyKey, IdempotencyClaim claim) {
        ChatEvent accepted = new ChatEvent.Accepted(
                request.requestId(), request.conversationId(), 0, request.acceptedAt(), request.companySlug());
        List<String> args = List.of(
                request.requestId(),
                request.companySlug(),
                request.conversationId(),
                request.message(),
                request.acceptedAt().toString(),
                ChatCodec.instance().toJson(accepted),
                Long.toString(ttl.toSeconds()),
                rateLimit.enabled() ? Integer.toString(rateLimit.burst()) : "0",
                Double.toString(rateLimit.perSecond() / 1000.0),
                claim == null ? "" : claim.encode());
        List<String> scriptKeys = new ArrayList<>(List.of(
                keys.requestState(request.requestId()),
                keys.eventHistory(request.requestId()),
                keys.conversationRequests(request.conversationId()),
                keys.conversationCompany(request.conversationId()),
                keys.companyProfile(request.companySlug()),
                keys.rateLimit(request.companySlug())));
        if (claim != null) {
            scriptKeys.add(keys.idempotency(request.companySlug(), idempotencyKey));
        }
        return redis.execute(ACCEPT, scriptKeys, args)
                .concatMapIterable(AcceptScript::flatten)
                .collectList()
                .map(answer -> admission(answer, claim));
    }

    /** The script's answer as an {@link Admission}; a reused key is told from a retry by the body hash. */
    private static Admission admission(List<String> answer, IdempotencyClaim claim) {
        return switch (answer.getFirst()) {
            case "recorded" -> new Admission.Recorded(answer.get(1));
            case "rate_limited" -> new Admission.RateLimited(Duration.ofMillis(Long.parseLong(answer.get(1))));
            case "claimed" -> {
                IdempotencyClaim earlier = IdempotencyClaim.decode(answer.get(1));
                if (!earlier.bodyHash().equals(claim.bodyHash())) {
                    yield new Admission.KeyReused();
                }
                yield switch (earlier.stage()) {
                    case PENDING -> new Admission.Pending();
                    case UNCONFIRMED -> new Admission.Unconfirmed(earlier);
                    case PUBLISHED -> new Admission.Replayed(earlier.requestId(), earlier.conversationId());
                };
            }
            case "unknown_company" -> new Admission.UnknownCompany();
            case "conversation_taken" -> new Admission.ConversationTaken();
            default -> throw new IllegalStateException("The accept script answered " + answer);
        };
    }

    private static String constant(String name, String value) {
        return "local " + name + " = '" + value + "'\n";
    }

    /** The answer's strings, whether the client hands the script's list over whole or element by element. */
    private static List<String> flatten(Object answer) {
        if (answer instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(answer));
    }
}
