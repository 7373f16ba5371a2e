package io.chatrelay.worker.lifecycle;

import io.chatrelay.common.naming.RedisKeys;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

/** One worker per request: a Redis key with a TTL, renewed while the worker runs the request. */
final class Lease {

    private static final DefaultRedisScript<Long> RENEW = new DefaultRedisScript<>(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end",
            Long.class);
    private static final DefaultRedisScript<Long> RELEASE = new DefaultRedisScript<>(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
            Long.class);

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final String owner;
    private final Duration ttl;

    Lease(StringRedisTemplate redis, RedisKeys keys, String owner, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.owner = owner;
        this.ttl = ttl;
    }

    Duration ttl() {
        return ttl;
    }

    boolean acquire(String requestId) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(keys.lease(requestId), owner, ttl));
    }

    boolean renew(String requestId) {
        Long renewed = redis.execute(RENEW, List.of(keys.lease(requestId)), owner, Long.toString(ttl.toMillis()));
        return renewed != null && renewed == 1;
    }

    void release(String requestId) {
        redis.execute(RELEASE, List.of(keys.lease(requestId)), owner);
    }
}
