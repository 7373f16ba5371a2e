package io.chatrelay.worker.lifecycle;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.RequestStatus;
import io.chatrelay.worker.engine.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

/** A request's state hash in Redis: status, answer, error and the checkpoints an engine records. */
final class RequestStore {

    /**
     * Writes fields (ARGV from the second on, name then value) and refreshes the TTL (ARGV[1], in milliseconds) in one
     * round trip. A request waits for two updates on its way to its first token (queued, then running), and on a busy
     * machine every round trip waits for a core on both sides: one per update instead of two (HSET, then EXPIRE).
     * Only the holder of the request's lease (KEYS[2] holding ARGV[2]) writes; anyone else gets -1.
     */
    private static final DefaultRedisScript<Long> UPDATE = new DefaultRedisScript<>(
            "if redis.call('GET', KEYS[2]) ~= ARGV[2] then return -1 end "
                    + "redis.call('HSET', KEYS[1], unpack(ARGV, 3)) return redis.call('PEXPIRE', KEYS[1], ARGV[1])",
            Long.class);

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final Lease lease;
    private final Duration ttl;

    RequestStore(StringRedisTemplate redis, RedisKeys keys, Lease lease, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.lease = lease;
        this.ttl = ttl;
    }

    Optional<RequestStatus> status(String requestId) {
        Object status = redis.opsForHash().get(keys.requestState(requestId), RequestStateFields.STATUS);
        return status == null ? Optional.empty() : RequestStatus.fromWireName(status.toString());
    }

    /** Writes state fields; throws {@link Lease.Lost}, writing nothing, when this worker no longer holds the lease. */
    void update(String requestId, Map<String, String> fields) {
        Map<String, String> all = new HashMap<>(fields);
        all.put(RequestStateFields.UPDATED_AT, Instant.now().toString());
        List<String> arguments = new ArrayList<>(2 + 2 * all.size());
        arguments.add(Long.toString(ttl.toMillis()));
        arguments.add(lease.owner());
        all.forEach((field, value) -> {
            arguments.add(field);
            arguments.add(value);
        });
        Long updated =
                redis.execute(UPDATE, List.of(keys.requestState(requestId), lease.key(requestId)), arguments.toArray());
        if (updated == null || updated < 0) {
            throw new Lease.Lost(requestId);
        }
    }

    void status(String requestId, RequestStatus status) {
        update(requestId, Map.of(RequestStateFields.STATUS, status.wireName()));
    }

    /** The replay count of the last record taken up for the request; 0 when never replayed. */
    int replayCount(String requestId) {
        Object count = redis.opsForHash().get(keys.requestState(requestId), RequestStateFields.REPLAY_COUNT);
        return count == null ? 0 : Integer.parseInt(count.toString());
    }

    /**
     * Readies a dead-lettered request for an operator's replay: the checkpoints of the failed run and its error go, the
     * thread binding and an assistants message already added stay (the new run answers that message), the status is
     * {@code accepted} again and the replay count is recorded, so a redelivery of the same replay resumes instead.
     */
    void startReplay(String requestId, int replayCount) {
        String key = keys.requestState(requestId);
        redis.opsForHash()
                .delete(
                        key,
                        RequestStateFields.RUN_ID,
                        RequestStateFields.STARTED_RUN,
                        RequestStateFields.CREATE_ATTEMPTED,
                        RequestStateFields.ERROR_CODE,
                        RequestStateFields.ERROR_MESSAGE);
        update(
                requestId,
                Map.of(
                        RequestStateFields.STATUS, RequestStatus.ACCEPTED.wireName(),
                        RequestStateFields.REPLAY_COUNT, Integer.toString(replayCount)));
    }

    boolean cancelRequested(String requestId) {
        return Boolean.TRUE.equals(redis.hasKey(keys.cancelFlag(requestId)));
    }

    Turn.Checkpoints checkpoints(String requestId) {
        String key = keys.requestState(requestId);
        return new Turn.Checkpoints() {
            @Override
            public Optional<String> get(String field) {
                Object value = redis.opsForHash().get(key, field);
                return Optional.ofNullable(value).map(Object::toString);
            }

            @Override
            public void put(String field, String value) {
                redis.opsForHash().put(key, field, value);
            }
        };
    }

    Turn.ThreadDirectory threads() {
        return new Turn.ThreadDirectory() {
            @Override
            public Optional<String> find(String conversationId) {
                return Optional.ofNullable(redis.opsForValue().get(keys.conversationThread(conversationId)));
            }

            @Override
            public String bind(String conversationId, String threadId) {
                String key = keys.conversationThread(conversationId);
                Boolean set = redis.opsForValue().setIfAbsent(key, threadId);
                return Boolean.TRUE.equals(set) ? threadId : redis.opsForValue().get(key);
            }
        };
    }
}
