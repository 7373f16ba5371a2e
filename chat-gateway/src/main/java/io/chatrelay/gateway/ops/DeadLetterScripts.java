package io.chatrelay.gateway.ops;

import org.springframework.data.redis.core.script.DefaultRedisScript;

/** The Lua scripts of {@link DeadLetterIndex}; field names come from {@link DeadLetterHash}, spliced in once here. */
final class DeadLetterScripts {

    /**
     * Writes a dead letter unless the hash already holds the same or a later one of its request (a run replayed as
     * often or more: a copy of the same failure, which a worker's publish retried after its wait ran out; same
     * partition: a higher offset; else a later failure), and opens it. Answers an {@link DeadLetterIndex.Indexed} by its ordinal.
     */
    static final DefaultRedisScript<Long> INDEX = new DefaultRedisScript<>(
            """
            local partition = redis.call('HGET', KEYS[1], '%1$s')
            if partition then
              if tonumber(redis.call('HGET', KEYS[1], '%2$s') or '-1') >= tonumber(ARGV[5]) then return 0 end
              if partition == ARGV[1] then
                if tonumber(redis.call('HGET', KEYS[1], '%3$s')) >= tonumber(ARGV[2]) then return 0 end
              elseif tonumber(redis.call('ZSCORE', KEYS[2], ARGV[4]) or '0') > tonumber(ARGV[3]) then
                return 0
              end
            end
            local previous = redis.call('HGET', KEYS[1], '%4$s')
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 6))
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
            redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
            if previous == '%5$s' then return 2 end
            return 1
            """.formatted(
                            DeadLetterHash.PARTITION,
                            DeadLetterHash.REPLAY_COUNT,
                            DeadLetterHash.OFFSET,
                            DeadLetterHash.RESOLUTION,
                            DeadLetter.REPLAYED),
            Long.class);

    /**
     * Resolves an open entry if it still holds the dead letter at offset ARGV[1] (a newer failure of the request keeps
     * it open). Answers a {@link DeadLetterIndex.Resolved} by its ordinal. A resolution with this call's own time and operator is this
     * call's, sent again by the Redis client after a dropped connection lost the answer: resolved again.
     */
    static final DefaultRedisScript<Long> RESOLVE = new DefaultRedisScript<>(
            """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            if redis.call('HEXISTS', KEYS[1], '%1$s') == 1 then
              local done = redis.call('HMGET', KEYS[1], '%1$s', '%2$s', '%3$s')
              if done[1] == ARGV[2] and done[2] == ARGV[3] and done[3] == ARGV[4] then return 2 end
              return 1
            end
            if redis.call('HGET', KEYS[1], '%4$s') ~= ARGV[1] then return 1 end
            redis.call('HSET', KEYS[1], '%1$s', ARGV[2], '%2$s', ARGV[3], '%3$s', ARGV[4], '%5$s', ARGV[5])
            redis.call('ZREM', KEYS[2], ARGV[6])
            return 2
            """.formatted(
                            DeadLetterHash.RESOLUTION,
                            DeadLetterHash.RESOLVED_AT,
                            DeadLetterHash.RESOLVED_BY,
                            DeadLetterHash.OFFSET,
                            DeadLetterHash.RESOLUTION_REASON),
            Long.class);

    /** Sets a field of a request's state if the state exists. KEYS: the state; ARGV: field, value. */
    static final DefaultRedisScript<Long> REPLAY_REQUESTED = new DefaultRedisScript<>("""
            if redis.call('EXISTS', KEYS[1]) == 1 then
                return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            end
            return 0
            """, Long.class);

    private DeadLetterScripts() {}
}
