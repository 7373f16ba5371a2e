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

    private static final ChatCodec CODEC = ChatCodec.instance();
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

    private DeadLetterHash() {}

    /** The fields of an entry's hash, as the index script writes them. */
    static Map<String, String> of(DeadLetter entry) {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("conversation_id", nullToEmpty(entry.conversationId()));
        hash.put("company", nullToEmpty(entry.company()));
        hash.put("category", entry.category());
        hash.put("reason", entry.reason());
        hash.put("upstream_status", Integer.toString(entry.upstreamStatus()));
        hash.put("upstream_code", nullToEmpty(entry.upstreamCode()));
        hash.put("upstream_request_id", nullToEmpty(entry.upstreamRequestId()));
        hash.put("attempts", Integer.toString(entry.attempts()));
        hash.put("first_failure_at", entry.firstFailureAt().toString());
        hash.put("last_failure_at", entry.lastFailureAt().toString());
        hash.put("replay_count", Integer.toString(entry.replayCount()));
        hash.put("partition", Integer.toString(entry.partition()));
        hash.put("offset", Long.toString(entry.offset()));
        hash.put("headers", CODEC.toJson(entry.headers()));
        hash.put("value", Base64.getEncoder().encodeToString(entry.value()));
        return hash;
    }

    /** The entry of a stored hash. */
    static DeadLetter read(String id, Map<?, ?> raw) {
        Map<String, String> hash = new HashMap<>();
        raw.forEach((k, v) -> hash.put(k.toString(), v.toString()));
        byte[] value = Base64.getDecoder().decode(hash.getOrDefault("value", ""));
        ChatRequest request;
        try {
            request = CODEC.readRequest(value);
        } catch (RuntimeException e) {
            request = null;
        }
        DeadLetter.Resolution resolution = hash.containsKey("resolution")
                ? new DeadLetter.Resolution(
                        hash.get("resolution"),
                        Instant.parse(hash.get("resolved_at")),
                        hash.get("resolved_by"),
                        emptyToNull(hash.get("resolution_reason")))
                : null;
        return new DeadLetter(
                id,
                request,
                emptyToNull(hash.get("conversation_id")),
                emptyToNull(hash.get("company")),
                hash.get("category"),
                hash.get("reason"),
                Integer.parseInt(hash.getOrDefault("upstream_status", "0")),
                emptyToNull(hash.get("upstream_code")),
                emptyToNull(hash.get("upstream_request_id")),
                Integer.parseInt(hash.getOrDefault("attempts", "0")),
                Instant.parse(hash.get("first_failure_at")),
                Instant.parse(hash.get("last_failure_at")),
                Integer.parseInt(hash.getOrDefault("replay_count", "0")),
                Integer.parseInt(hash.get("partition")),
                Long.parseLong(hash.get("offset")),
                CODEC.mapper().readValue(hash.getOrDefault("headers", "{}"), HEADERS),
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
