package io.chatrelay.common.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the wire records as JSON.
 *
 * <p>Field names are snake_case; unknown fields are ignored so an older process can read what a newer one
 * writes; nulls are left out. Every method throws {@link JacksonException} (unchecked) on malformed input.
 */
public final class ChatCodec {

    private static final ChatCodec INSTANCE = new ChatCodec();

    private final JsonMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A missing number (say, replay_count from an older writer) reads as 0 rather than failing.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private ChatCodec() {}

    /** The shared codec; it is immutable and thread-safe. */
    public static ChatCodec instance() {
        return INSTANCE;
    }

    /** The configured mapper, for serdes that take one (for example spring-kafka's Jackson 3 serde). */
    public JsonMapper mapper() {
        return mapper;
    }

    public byte[] toBytes(Object value) {
        return mapper.writeValueAsBytes(value);
    }

    public String toJson(Object value) {
        return mapper.writeValueAsString(value);
    }

    public ChatRequest readRequest(byte[] json) {
        return mapper.readValue(json, ChatRequest.class);
    }

    public ChatEvent readEvent(byte[] json) {
        return mapper.readValue(json, ChatEvent.class);
    }

    public ChatEvent readEvent(String json) {
        return mapper.readValue(json, ChatEvent.class);
    }

    /**
     * Reads a company profile: a JSON object, or (the seed's format) a bare assistant id, which means the
     * {@code assistants} engine with that assistant.
     */
    public AssistantProfile readProfile(String stored) {
        String trimmed = stored.strip();
        return trimmed.startsWith("{")
                ? mapper.readValue(trimmed, AssistantProfile.class)
                : AssistantProfile.assistants(trimmed);
    }

    public <T> T read(byte[] json, Class<T> type) {
        return mapper.readValue(json, type);
    }

    public <T> T read(String json, Class<T> type) {
        return mapper.readValue(json, type);
    }
}
