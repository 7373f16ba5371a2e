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
 * Everything Redis decides about accepting one request, in three scripts, each on the keys of one slot of a Redis
 * Cluster (see {@code RedisKeys}), in two round trips: first the company's (the {@code Idempotency-Key}, the rate
 * limit, the profile), then together the conversation's (whose it is, and the request's place in it) and the
 * request's (the record a worker takes the request up from, written at once, so a worker never sees a half-written
 * request). Nothing is published before all three answered.
 *
 * <p>The Redis client sends a script again when a dropped connection lost its answer. Request ids are new for every
 * call, so each script tells its own earlier run by the request id and writes nothing twice (no second token, no
 * second {@code accepted} entry, no second place in the conversation). A request refused or failed after the first
 * script is forgotten by the caller ({@code RequestLedger#forget}), which frees its key.
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
     * The company's part. KEYS: 1 the company's profile, 2 its rate-limit bucket, 3 the {@code Idempotency-Key} (only
     * when one was given). ARGV: see the locals at the top. Answers {@code {outcome, ...}}: {@code admitted} with the
     * profile, or a refusal mapped to an {@link Admission} by {@link #admission}.
     */
    private static final RedisScript<List> ADMIT = RedisScript.of("""
            local request_id, ttl, claim = ARGV[1], ARGV[2], ARGV[3] -- claim: '' without an Idempotency-Key
            local burst, per_ms = tonumber(ARGV[4]), tonumber(ARGV[5]) -- burst 0: no rate limit

            -- A key used before: the request it made then, or a refusal; Java tells which by the body hash. This
            -- very call, sent again, finds its own claim. Answered before the rate limit, so that a retried POST
            -- takes no second token.
            if claim ~= '' then
                local earlier = redis.call('GET', KEYS[3])
                if earlier == claim then
                    return {'admitted', redis.call('GET', KEYS[1]) or ''}
                elseif earlier then
                    return {'claimed', earlier}
                end
            end

            -- The rate limit: refill the bucket for the time passed, then take a token or say how long until one is
            -- there. Redis's own clock, so that gateways with skewed clocks agree. The bucket names the request that
            -- took the last token, which this call, sent again, does not take twice.
            if burst > 0 then
                local bucket = redis.call('HMGET', KEYS[2], 'tokens', 'at', 'last')
                if bucket[3] ~= request_id then
                    local time = redis.call('TIME')
                    local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
                    local tokens = tonumber(bucket[1]) or burst
                    local at = tonumber(bucket[2]) or now
                    tokens = math.min(burst, tokens + math.max(0, now - at) * per_ms)
                    local wait = 0
                    if tokens >= 1 then
                        tokens = tokens - 1
                    else
                        wait = math.ceil((1 - tokens) / per_ms)
                    end
                    if wait > 0 then
                        redis.call('HSET', KEYS[2], 'tokens', tostring(tokens), 'at', tostring(now))
                    else
                        redis.call('HSET', KEYS[2], 'tokens', tostring(tokens), 'at', tostring(now), 'last', request_id)
                    end
                    redis.call('PEXPIRE', KEYS[2], math.ceil(burst / per_ms) + 1000)
                    if wait > 0 then
                        return {'rate_limited', tostring(wait)}
                    end
                end
            end

            -- The company must exist.
            local profile = redis.call('GET', KEYS[1])
            if not profile then
                return {'unknown_company'}
            end
            if claim ~= '' then
                redis.call('SET', KEYS[3], claim, 'EX', ttl)
            end
            return {'admitted', profile}
            """, List.class);

    /**
     * The conversation's part: it is the company's that started it, for as long as the conversation lives (the TTL of
     * its last request, renewed by each one, as the workers renew its binding to its upstream thread); the request
     * takes its place at the end. KEYS: 1 the conversation's company, 2 its request list. ARGV: company, request id,
     * TTL in seconds. Answers {@code joined} or {@code conversation_taken}.
     */
    private static final RedisScript<String> JOIN = RedisScript.of("""
            local owner = redis.call('GET', KEYS[1])
            if owner and owner ~= ARGV[1] then
                return 'conversation_taken'
            end
            redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
            if not redis.call('LPOS', KEYS[2], ARGV[2], 'RANK', -1, 'MAXLEN', 64) then
                redis.call('RPUSH', KEYS[2], ARGV[2])
            end
            redis.call('EXPIRE', KEYS[2], ARGV[3])
            return 'joined'
            """, String.class);

    /**
     * The request's record, unless this call wrote it already. KEYS: 1 state, 2 history. ARGV: see the locals at the
     * top.
     */
    private static final RedisScript<String> RECORD = RedisScript.of(NAMES + """
            local company, conversation_id, message, created_at = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
            local accepted_json, ttl = ARGV[5], ARGV[6]
            if redis.call('EXISTS', KEYS[1]) == 0 then
                redis.call('HSET', KEYS[1], STATUS, ACCEPTED_STATUS, COMPANY, company, CONVERSATION_ID,
                    conversation_id, MESSAGE, message, CREATED_AT, created_at, SEQ, '0')
                redis.call('EXPIRE', KEYS[1], ttl)
                redis.call('XADD', KEYS[2], '*', HISTORY_SEQ, '0', HISTORY_TYPE, ACCEPTED_TYPE, HISTORY_EVENT,
                    accepted_json)
                redis.call('EXPIRE', KEYS[2], ttl)
            end
            return 'recorded'
            """, String.class);

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
     * Runs the scripts for a request, under the company's rate limit when it is enabled.
     *
     * @param request the request, with its new ids
     * @param idempotencyKey the client's key, or null
     * @param claim what the key is to resolve to; null without a key
     */
    Mono<Admission> run(ChatRequest request, String idempotencyKey, IdempotencyClaim claim) {
        String ttlSeconds = Long.toString(ttl.toSeconds());
        List<String> companyKeys = new ArrayList<>(
                List.of(keys.companyProfile(request.companySlug()), keys.rateLimit(request.companySlug())));
        if (claim != null) {
            companyKeys.add(keys.idempotency(request.companySlug(), idempotencyKey));
        }
        List<String> admit = List.of(
                request.requestId(),
                ttlSeconds,
                claim == null ? "" : claim.encode(),
                rateLimit.enabled() ? Integer.toString(rateLimit.burst()) : "0",
                Double.toString(rateLimit.perSecond() / 1000.0));
        return redis.execute(ADMIT, companyKeys, admit)
                .concatMapIterable(AcceptScript::flatten)
                .collectList()
                .flatMap(answer -> answer.getFirst().equals("admitted")
                        ? join(request, ttlSeconds, answer.get(1))
                        : Mono.just(admission(answer, claim)));
    }

    /**
     * The conversation's and the request's parts, for a request its company admitted, sent together: a record whose
     * conversation turns out to be another company's is forgotten by the caller before anybody could see it.
     */
    private Mono<Admission> join(ChatRequest request, String ttlSeconds, String profile) {
        ChatEvent accepted = new ChatEvent.Accepted(
                request.requestId(), request.conversationId(), 0, request.acceptedAt(), request.companySlug());
        Mono<String> record = redis.execute(
                        RECORD,
                        List.of(keys.requestState(request.requestId()), keys.eventHistory(request.requestId())),
                        List.of(
                                request.companySlug(),
                                request.conversationId(),
                                request.message(),
                                request.acceptedAt().toString(),
                                ChatCodec.instance().toJson(accepted),
                                ttlSeconds))
                .next();
        Mono<String> join = redis.execute(
                        JOIN,
                        List.of(
                                keys.conversationCompany(request.conversationId()),
                                keys.conversationRequests(request.conversationId())),
                        List.of(request.companySlug(), request.requestId(), ttlSeconds))
                .next();
        return Mono.zip(join, record)
                .map(answers -> answers.getT1().equals("joined")
                        ? new Admission.Recorded(profile)
                        : new Admission.ConversationTaken());
    }

    /** The script's answer as an {@link Admission}; a reused key is told from a retry by the body hash. */
    private static Admission admission(List<String> answer, IdempotencyClaim claim) {
        return switch (answer.getFirst()) {
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
            default -> throw new IllegalStateException("The company's accept script answered " + answer);
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
