package io.chatrelay.worker.lifecycle;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.worker.engine.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

/**
 * One worker per request: a Redis key with a TTL naming the worker that runs the request.
 *
 * <p>A keeper thread of its own renews every lease this worker holds, from the moment it is taken, every third of
 * the TTL, all in a few round trips; a turn busy or starved for longer still keeps its lease. A lease found lapsed or
 * taken stops its turn at once ({@link Outcome#LEASE_LOST}), and every write to a request's history or state checks
 * the lease in the same script ({@link EventSink}, {@link RequestStore}): a worker that lost the lease ends nothing,
 * even before its keeper notices.
 */
final class Lease implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Lease.class);
    /** Leases renewed per round trip. */
    private static final int BATCH = 500;

    /** Renews each key still held by ARGV[1]; answers 1 (renewed) or 0 (lapsed or taken) per key. */
    @SuppressWarnings("rawtypes")
    private static final DefaultRedisScript<List> RENEW = new DefaultRedisScript<>(
            "local kept = {} "
                    + "for i, key in ipairs(KEYS) do "
                    + "if redis.call('GET', key) == ARGV[1] then redis.call('PEXPIRE', key, ARGV[2]) kept[i] = 1 "
                    + "else kept[i] = 0 end end "
                    + "return kept",
            List.class);

    private static final DefaultRedisScript<Long> RELEASE = new DefaultRedisScript<>(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
            Long.class);

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final String owner;
    private final Duration ttl;
    /** The turns holding a lease here, by request id. */
    private final Map<String, StopState> held = new ConcurrentHashMap<>();

    private final ScheduledExecutorService keeper;

    Lease(StringRedisTemplate redis, RedisKeys keys, String owner, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.owner = owner;
        this.ttl = ttl;
        long every = Math.max(100, ttl.toMillis() / 3);
        // A platform thread: renewals must not queue behind the runnable virtual threads of a thousand turns.
        this.keeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("lease-keeper").factory());
        keeper.scheduleWithFixedDelay(this::keep, every, every, TimeUnit.MILLISECONDS);
    }

    Duration ttl() {
        return ttl;
    }

    String owner() {
        return owner;
    }

    /** The key of {@code requestId}'s lease, for the scripts that check it. */
    String key(String requestId) {
        return keys.lease(requestId);
    }

    /** Takes the lease unless another worker holds it; {@code turn} is stopped should the lease be lost. */
    boolean acquire(String requestId, StopState turn) {
        if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(keys.lease(requestId), owner, ttl))) {
            return false;
        }
        held.put(requestId, turn);
        return true;
    }

    /** Throws {@link Lost} unless this worker holds the request's lease now. */
    void check(String requestId) {
        if (!owner.equals(redis.opsForValue().get(keys.lease(requestId)))) {
            throw new Lost(requestId);
        }
    }

    void release(String requestId) {
        held.remove(requestId);
        redis.execute(RELEASE, List.of(keys.lease(requestId)), owner);
    }

    @Override
    public void close() {
        keeper.shutdownNow();
    }

    /**
     * One round: renews every lease held here, stops the turns whose lease was lost, and lets a passed run deadline
     * interrupt a turn blocked in a read.
     */
    private void keep() {
        List<Map.Entry<String, StopState>> round = new ArrayList<>(held.entrySet());
        for (int from = 0; from < round.size(); from += BATCH) {
            List<Map.Entry<String, StopState>> batch = round.subList(from, Math.min(round.size(), from + BATCH));
            List<?> kept;
            try {
                kept = redis.execute(
                        RENEW,
                        batch.stream().map(e -> keys.lease(e.getKey())).toList(),
                        owner,
                        Long.toString(ttl.toMillis()));
            } catch (RuntimeException e) {
                // Redis away: the next round tries again; a lease lasts three rounds.
                log.debug("Lease renewal failed", e);
                continue;
            }
            for (int i = 0; i < batch.size(); i++) {
                Map.Entry<String, StopState> entry = batch.get(i);
                boolean renewed = kept != null && Long.valueOf(1).equals(kept.get(i));
                // A lease released meanwhile is gone from the map: its turn has ended and is left alone.
                if (!renewed && held.remove(entry.getKey(), entry.getValue())) {
                    log.warn("Lease of {} lost; stopping its turn here", entry.getKey());
                    entry.getValue().stop(Outcome.LEASE_LOST);
                }
            }
        }
        held.values().forEach(turn -> turn.reason().ifPresent(turn::stop));
    }

    /** A write under a request's lease found that this worker no longer holds it. */
    static final class Lost extends RuntimeException {

        Lost(String requestId) {
            super("the lease of " + requestId + " is no longer this worker's", null, false, false);
        }
    }
}
