package io.chatrelay.gateway.ops;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.wire.ChatRequest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/** How a {@link DeadLetter} is kept in its Redis hash of the {@link DeadLetterIndex}: field by field, as strings. */
final class DeadLetterHash {

    // The hash's field names; the index's scripts read some of them too.
    static final String CONVERSATION_ID = "conversation_id";
    static final String COMPANY = "company";
    static final String CATEGORY = "category";
    static final String REASON = "reason";
    static final String UPSTREAM_STATUS = "upstream_status";
    static final String UPSTREAM_CODE = "upstream_code";
    static final String UPSTREAM_REQUEST_ID = "upstream_request_id";
    static final String ATTEMPTS = "attempts";
    static final String FIRST_FAILURE_AT = "first_failure_at";
    static final String LAST_FAILURE_AT = "last_failure_at";
    static final String REPLAY_COUNT = "replay_count";
    static final String PARTITION = "partition";
    static final String OFFSET = "offset";
    static final String HEADERS = "headers";
    static final String VALUE = "value";
    static final String RESOLUTION = "resolution";
    static final String RESOLVED_AT = "resolved_at";
    static final String RESOLVED_BY = "resolved_by";
    static final String RESOLUTION_REASON = "resolution_reason";

    private static final ChatCodec CODEC = ChatCodec.instance();
    private static final TypeReference<Map<String, String>> HEADER_MAP = new TypeReference<>() {};

    private DeadLetterHash() {}

    /** The fields of an entry's hash, as the index script writes them. */
    static Map<String, String> of(DeadLetter entry) {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put(CONVERSATION_ID, nullToEmpty(entry.conversationId()));
        hash.put(COMPANY, nullToEmpty(entry.company()));
        hash.put(CATEGORY, entry.category());
        hash.put(REASON, entry.reason());
        hash.put(UPSTREAM_STATUS, Integer.toString(entry.upstreamStatus()));
        hash.put(UPSTREAM_CODE, nullToEmpty(entry.upstreamCode()));
        hash.put(UPSTREAM_REQUEST_ID, nullToEmpty(entry.upstreamRequestId()));
        hash.put(ATTEMPTS, Integer.toString(entry.attempts()));
        hash.put(FIRST_FAILURE_AT, entry.firstFailureAt().toString());
        hash.put(LAST_FAILURE_AT, entry.lastFailureAt().toString());
        hash.put(REPLAY_COUNT, Integer.toString(entry.replayCount()));
        hash.put(PARTITION, Integer.toString(entry.partition()));
        hash.put(OFFSET, Long.toString(entry.offset()));
        hash.put(HEADERS, CODEC.toJson(entry.headers()));
        hash.put(VALUE, Base64.getEncoder().encodeToString(entry.value()));
        return hash;
    }

    /** The entry of a stored hash. */
    static DeadLetter read(String id, Map<?, ?> raw) {
        Map<String, String> hash = new HashMap<>();
        raw.forEach((k, v) -> hash.put(k.toString(), v.toString()));
        byte[] value = Base64.getDecoder().decode(hash.getOrDefault(VALUE, ""));
        ChatRequest request;
        try {
            request = CODEC.readRequest(value);
        } catch (RuntimeException e) {
            request = null;
        }
        DeadLetter.Resolution resolution = hash.containsKey(RESOLUTION)
                ? new DeadLetter.Resolution(
                        hash.get(RESOLUTION),
                        Instant.parse(hash.get(RESOLVED_AT)),
                        hash.get(RESOLVED_BY),
                        emptyToNull(hash.get(RESOLUTION_REASON)))
                : null;
        return new DeadLetter(
                id,
                request,
                emptyToNull(hash.get(CONVERSATION_ID)),
                emptyToNull(hash.get(COMPANY)),
                hash.get(CATEGORY),
                hash.get(REASON),
                Integer.parseInt(hash.getOrDefault(UPSTREAM_STATUS, "0")),
                emptyToNull(hash.get(UPSTREAM_CODE)),
                emptyToNull(hash.get(UPSTREAM_REQUEST_ID)),
                Integer.parseInt(hash.getOrDefault(ATTEMPTS, "0")),
                Instant.parse(hash.get(FIRST_FAILURE_AT)),
                Instant.parse(hash.get(LAST_FAILURE_AT)),
                Integer.parseInt(hash.getOrDefault(REPLAY_COUNT, "0")),
                Integer.parseInt(hash.get(PARTITION)),
                Long.parseLong(hash.get(OFFSET)),
                CODEC.mapper().readValue(hash.getOrDefault(HEADERS, "{}"), HEADER_MAP),
                value,
                resolution);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
