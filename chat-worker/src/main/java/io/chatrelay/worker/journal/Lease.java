package io.chatrelay.worker.journal;

import io.chatrelay.common.naming.RedisKeys;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker per request: a Redis key with a TTL naming the writer that runs the request (this worker's owner id and a
 * number for each go at the request). The journal takes the lease with the request and lets go of it in the write that
 * ends the request.
 *
 * <p>A keeper thread of its own renews every lease held here, from the moment it is taken, every third of the TTL, in
 * batches of a slot; a turn busy or starved for longer still keeps its lease. A lease found lapsed or taken tells its holder at
 * once, and every write checks the lease in the same script: a worker that lost the lease writes nothing, even before
 * its keeper notices.
 */
public final class Lease implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Lease.class);
    /** Leases renewed per round trip. */
    private static final int BATCH = 500;

    private record Held(String writer, Runnable onLost) {}

    private final JournalRedis redis;
    private final RedisKeys keys;
    private final String owner;
    private final Duration ttl;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService keeper;
    private long goes;

    Lease(JournalRedis redis, RedisKeys keys, String owner, Duration ttl) {
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

    /** A writer id for one go at a request: unique to this run of this worker. */
    synchronized String nextWriter() {
        return owner + "#" + ++goes;
    }

    /** Keeps the lease {@code writer} took until {@link #forget}; {@code onLost} runs should it lapse or be taken. */
    void keep(String requestId, String writer, Runnable onLost) {
        held.put(requestId, new Held(writer, onLost));
    }

    /** Stops keeping the lease (the request ended, or this go at it did). */
    void forget(String requestId) {
        held.remove(requestId);
    }

    /** Lets go of the lease, if {@code writer} still holds it, without waiting for the answer. */
    void release(String requestId, String writer) {
        forget(requestId);
        redis.eval(JournalScripts.RELEASE, JournalRedis.each(keys.lease(requestId)), JournalRedis.bytes(writer));
    }

    @Override
    public void close() {
        keeper.shutdownNow();
    }

    /**
     * One round: renews every lease held here and tells the holders of those that were lost. The leases of a slot go in
     * one call (a script on a Redis Cluster touches one slot), all calls at once.
     */
    private void keep() {
        Map<Integer, List<Map.Entry<String, Held>>> bySlot = held.entrySet().stream()
                .map(entry -> Map.entry(entry.getKey(), entry.getValue()))
                .collect(Collectors.groupingBy(entry -> SlotHash.getSlot(keys.lease(entry.getKey()))));
        List<List<Map.Entry<String, Held>>> batches = new ArrayList<>();
        List<RedisFuture<List<Object>>> answers = new ArrayList<>();
        for (List<Map.Entry<String, Held>> slot : bySlot.values()) {
            for (int from = 0; from < slot.size(); from += BATCH) {
                List<Map.Entry<String, Held>> batch = slot.subList(from, Math.min(slot.size(), from + BATCH));
                String[] leaseKeys = new String[batch.size()];
                String[] args = new String[batch.size() + 1];
                for (int i = 0; i < batch.size(); i++) {
                    leaseKeys[i] = keys.lease(batch.get(i).getKey());
                    args[i] = batch.get(i).getValue().writer();
                }
                args[batch.size()] = Long.toString(ttl.toMillis());
                batches.add(batch);
                answers.add(redis.eval(JournalScripts.RENEW, JournalRedis.each(leaseKeys), JournalRedis.each(args)));
            }
        }
        long deadline = System.nanoTime() + ttl.toNanos();
        for (int b = 0; b < batches.size(); b++) {
            List<Map.Entry<String, Held>> batch = batches.get(b);
            List<Object> kept;
            try {
                kept = answers.get(b).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // Redis away: the next round tries again; a lease lasts three rounds.
                log.debug("Lease renewal failed", e);
                continue;
            }
            for (int i = 0; i < batch.size(); i++) {
                Map.Entry<String, Held> entry = batch.get(i);
                boolean renewed = Long.valueOf(1).equals(kept.get(i));
                // A lease let go of meanwhile is gone from the map: its turn has ended and is left alone.
                if (!renewed && held.remove(entry.getKey(), entry.getValue())) {
                    log.warn("Lease of {} lost; stopping its turn here", entry.getKey());
                    entry.getValue().onLost().run();
                }
            }
        }
    }
}
