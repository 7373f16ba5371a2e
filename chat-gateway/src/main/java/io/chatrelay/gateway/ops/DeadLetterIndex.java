package io.chatrelay.gateway.ops;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;

/**
 * The dead letters in Redis: one hash per request (its latest dead letter and the operator's resolution), a sorted
 * set of all of them and one of the open ones, both by last failure. Built from the topic and rebuildable from it:
 * writing a record again, or an older one, changes nothing. Blocking; callers keep it off the event loop. Its scripts
 * are {@link DeadLetterScripts}; every key is the index's own hash tag, so they run on a Redis Cluster too.
 */
final class DeadLetterIndex {

    /** What indexing a dead letter did. */
    enum Indexed {
        /** The index holds the same failure or a later one of the request already. */
        SKIPPED,
        /** Opened, new or after an earlier failure that was not replayed. */
        OPENED,
        /** Opened again: the replay an operator made failed again. */
        OPENED_AFTER_REPLAY
    }

    /** What resolving a dead letter did. */
    enum Resolved {
        /** There is no such entry. */
        UNKNOWN,
        /** It was resolved already, or it holds a newer failure than the one being resolved. */
        NOT_OPEN,
        /** Resolved. */
        RESOLVED
    }

    private static final int BATCH = 200;

    /**
     * One page of a list.
     *
     * @param items the matching entries, newest failure first
     * @param nextCursor where the next page starts, or null at the end
     */
    record Page(List<DeadLetter> items, String nextCursor) {}

    private final StringRedisTemplate redis;
    private final RedisKeys keys;

    DeadLetterIndex(StringRedisTemplate redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Indexes a dead letter. */
    Indexed index(DeadLetter entry) {
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(entry.partition()));
        args.add(Long.toString(entry.offset()));
        args.add(Long.toString(entry.lastFailureAt().toEpochMilli()));
        args.add(entry.id());
        args.add(Integer.toString(entry.replayCount()));
        DeadLetterHash.of(entry).forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        Long result = redis.execute(
                DeadLetterScripts.INDEX,
                List.of(keys.deadLetter(entry.id()), keys.deadLettersByTime(), keys.deadLettersOpen()),
                args.toArray());
        return Indexed.values()[result == null ? 0 : result.intValue()];
    }

    Optional<DeadLetter> find(String id) {
        Map<Object, Object> hash = redis.opsForHash().entries(keys.deadLetter(id));
        return hash.isEmpty() ? Optional.empty() : Optional.of(DeadLetterHash.read(id, hash));
    }

    /** Resolves the entry if it still holds the dead letter at {@code entry}'s offset. */
    Resolved resolve(DeadLetter entry, DeadLetter.Resolution resolution) {
        Long result = redis.execute(
                DeadLetterScripts.RESOLVE,
                List.of(keys.deadLetter(entry.id()), keys.deadLettersOpen()),
                Long.toString(entry.offset()),
                resolution.kind(),
                resolution.at().toString(),
                resolution.by(),
                resolution.reason() == null ? "" : resolution.reason(),
                entry.id());
        return Resolved.values()[result == null ? 0 : result.intValue()];
    }

    /** How many dead letters are open. */
    long backlog() {
        Long size = redis.opsForZSet().zCard(keys.deadLettersOpen());
        return size == null ? 0 : size;
    }

    /**
     * The entries matching {@code filter}, newest failure first, after {@code cursor}: at most {@code limit}, reading
     * at most {@code scanLimit} index entries (a page may then be short, with a cursor to go on from).
     */
    Page page(DeadLetterFilter filter, String cursor, int limit, int scanLimit) {
        if (filter.requestId() != null) {
            if (cursor != null) {
                return new Page(List.of(), null);
            }
            return new Page(
                    find(filter.requestId()).filter(filter::matches).stream().toList(), null);
        }
        PageCursor after = PageCursor.parse(cursor);
        String key = filter.includeResolved() ? keys.deadLettersByTime() : keys.deadLettersOpen();
        double max =
                filter.to() == null ? Double.POSITIVE_INFINITY : filter.to().toEpochMilli();
        if (after != null) {
            max = Math.min(max, after.score());
        }
        double min =
                filter.from() == null ? Double.NEGATIVE_INFINITY : filter.from().toEpochMilli();
        List<DeadLetter> items = new ArrayList<>();
        int scanned = 0;
        for (int offset = 0; ; offset += BATCH) {
            Set<TypedTuple<String>> batch =
                    redis.opsForZSet().reverseRangeByScoreWithScores(key, min, max, offset, BATCH);
            if (batch == null || batch.isEmpty()) {
                return new Page(items, null);
            }
            List<TypedTuple<String>> tuples = batch.stream()
                    .filter(t -> after == null || !after.covers(t.getScore(), t.getValue()))
                    .toList();
            List<DeadLetter> loaded =
                    load(tuples.stream().map(TypedTuple::getValue).toList());
            for (int i = 0; i < tuples.size(); i++) {
                TypedTuple<String> tuple = tuples.get(i);
                DeadLetter entry = loaded.get(i);
                scanned++;
                if (entry != null && filter.matches(entry)) {
                    items.add(entry);
                    if (items.size() == limit) {
                        return new Page(items, new PageCursor(tuple.getScore(), tuple.getValue()).encode());
                    }
                }
                if (scanned >= scanLimit) {
                    return new Page(items, new PageCursor(tuple.getScore(), tuple.getValue()).encode());
                }
            }
        }
    }

    /**
     * Records on a request's state that a replay of it is in Kafka, so that its streams wait for the run to come
     * rather than end at the earlier run's end. A state that expired is not brought back.
     */
    void replayRequested(String requestId, int replayCount) {
        redis.execute(
                DeadLetterScripts.REPLAY_REQUESTED,
                List.of(keys.requestState(requestId)),
                RequestStateFields.REPLAY_REQUESTED,
                Integer.toString(replayCount));
    }

    /** The current status of each request in its state hash ({@code unknown} once the state expired). */
    Map<String, String> requestStatuses(List<String> requestIds) {
        List<Object> statuses = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (String id : requestIds) {
                connection.hashCommands().hGet(bytes(keys.requestState(id)), bytes(RequestStateFields.STATUS));
            }
            return null;
        });
        Map<String, String> result = new HashMap<>();
        for (int i = 0; i < requestIds.size(); i++) {
            Object status = statuses.get(i);
            result.put(requestIds.get(i), status == null ? "unknown" : status.toString());
        }
        return result;
    }

    private List<DeadLetter> load(List<String> ids) {
        List<Object> hashes = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (String id : ids) {
                hGetAll(connection, id);
            }
            return null;
        });
        List<DeadLetter> entries = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<?, ?> hash = (Map<?, ?>) hashes.get(i);
            // An id whose hash is gone (removed by hand) is skipped.
            entries.add(hash == null || hash.isEmpty() ? null : DeadLetterHash.read(ids.get(i), hash));
        }
        return entries;
    }

    private void hGetAll(RedisConnection connection, String id) {
        connection.hashCommands().hGetAll(bytes(keys.deadLetter(id)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
