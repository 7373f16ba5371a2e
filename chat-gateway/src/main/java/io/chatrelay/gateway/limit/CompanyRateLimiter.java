package io.chatrelay.gateway.limit;

import io.chatrelay.common.naming.RedisKeys;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Takes one token from a company's bucket; shared by every gateway instance because the bucket lives in Redis. */
@Component
public class CompanyRateLimiter {

    /**
     * Refills the bucket for the time passed, then takes a token or says how long until one is there. Redis's own
     * clock is used so that instances with skewed clocks agree. KEYS: bucket. ARGV: burst, tokens per millisecond.
     * Returns 0 when a token was taken, else the wait in milliseconds.
     */
    private static final RedisScript<Long> TAKE = RedisScript.of("""
            local now_parts = redis.call('TIME')
            local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
            local burst = tonumber(ARGV[1])
            local rate = tonumber(ARGV[2])
            local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(bucket[1]) or burst
            local at = tonumber(bucket[2]) or now
            tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
            local wait = 0
            if tokens >= 1 then
                tokens = tokens - 1
            else
                wait = math.ceil((1 - tokens) / rate)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
            return wait
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;
    private final RateLimitProperties properties;

    CompanyRateLimiter(ReactiveStringRedisTemplate redis, RedisKeys keys, RateLimitProperties properties) {
        this.redis = redis;
        this.keys = keys;
        this.properties = properties;
    }

    /** {@link Duration#ZERO} when the company may go ahead, else how long it should wait. */
    public Mono<Duration> take(String companySlug) {
        if (!properties.enabled()) {
            return Mono.just(Duration.ZERO);
        }
        List<String> args =
                List.of(Integer.toString(properties.burst()), Double.toString(properties.perSecond() / 1000.0));
        return redis.execute(TAKE, List.of(keys.rateLimit(companySlug)), args)
                .next()
                .map(Duration::ofMillis);
    }
}
