package io.chatrelay.gateway.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.core.type.TypeReference;

/** Every replay and discard, in a Redis stream trimmed to the newest entries: who, when, which filter, outcome. */
final class AuditTrail {

    /** At most this many request ids are kept per entry; {@code count} still says how many there were. */
    static final int MAX_IDS = 100;

    /**
     * One operator action.
     *
     * @param id the entry's id (the stream id)
     * @param action {@code replay} or {@code discard}
     * @param actor who did it
     * @param at when
     * @param filter the filter of a replay by filter
     * @param requestIds the requests acted on (at most {@link #MAX_IDS})
     * @param count how many requests were acted on
     * @param outcome what came of it, for example {@code published=3 failed=0 skipped=1}
     * @param reason why (discards)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(
            String id,
            String action,
            String actor,
            Instant at,
            Map<String, Object> filter,
            List<String> requestIds,
            int count,
            String outcome,
            String reason) {}

    /**
     * Appends an entry unless one with its token is among the newest (the Redis client sent the script again after a
     * dropped connection lost its answer), trimming the trail in the same call. KEYS: the trail. ARGV: the token, how
     * many entries to keep, then the fields and values. Answers the entry's id.
     */
    private static final RedisScript<String> APPEND = RedisScript.of("""
            for _, entry in ipairs(redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 16)) do
                local fields = entry[2]
                for i = 1, #fields, 2 do
                    if fields[i] == 'token' and fields[i + 1] == ARGV[1] then
                        return entry[1]
                    end
                end
            end
            return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'token', ARGV[1], unpack(ARGV, 3))
            """, String.class);

    private static final TypeReference<Map<String, Object>> FILTER = new TypeReference<>() {};
    private static final TypeReference<List<String>> IDS = new TypeReference<>() {};

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final int keep;
    private final ChatCodec codec = ChatCodec.instance();

    AuditTrail(StringRedisTemplate redis, RedisKeys keys, int keep) {
        this.redis = redis;
        this.keys = keys;
        this.keep = keep;
    }

    /** Records an action; returns its id. */
    String record(Entry entry) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("action", entry.action());
        fields.put("actor", entry.actor());
        fields.put("at", entry.at().toString());
        if (entry.filter() != null) {
            fields.put("filter", codec.toJson(entry.filter()));
        }
        List<String> ids = entry.requestIds().size() <= MAX_IDS
                ? entry.requestIds()
                : entry.requestIds().subList(0, MAX_IDS);
        fields.put("request_ids", codec.toJson(ids));
        fields.put("count", Integer.toString(entry.count()));
        fields.put("outcome", entry.outcome());
        if (entry.reason() != null) {
            fields.put("reason", entry.reason());
        }
        List<String> args = new ArrayList<>(List.of(UUID.randomUUID().toString(), Integer.toString(keep)));
        fields.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        // Approximate trimming is cheap; the trail keeps at least `keep` entries.
        return redis.execute(APPEND, List.of(keys.deadLetterAudit()), args.toArray());
    }

    /** The newest {@code limit} entries, newest first. */
    List<Entry> newest(int limit) {
        List<MapRecord<String, Object, Object>> records = redis.opsForStream()
                .reverseRange(
                        keys.deadLetterAudit(), Range.unbounded(), Limit.limit().count(limit));
        if (records == null) {
            return List.of();
        }
        return records.stream().map(this::entry).toList();
    }

    private Entry entry(MapRecord<String, Object, Object> record) {
        Map<String, String> fields = new LinkedHashMap<>();
        record.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
        return new Entry(
                record.getId().getValue(),
                fields.get("action"),
                fields.get("actor"),
                Instant.parse(fields.get("at")),
                fields.containsKey("filter") ? codec.mapper().readValue(fields.get("filter"), FILTER) : null,
                codec.mapper().readValue(fields.getOrDefault("request_ids", "[]"), IDS),
                Integer.parseInt(fields.getOrDefault("count", "0")),
                fields.get("outcome"),
                fields.get("reason"));
    }
}
