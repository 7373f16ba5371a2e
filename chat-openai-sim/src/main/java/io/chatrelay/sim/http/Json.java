package io.chatrelay.sim.http;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's JSON: request bodies as trees, response bodies as records. One mapper writes them all, with
 * snake_case names, so a record component {@code createdAt} goes on the wire as {@code created_at}.
 */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private Json() {}

    /** The string value of a field, or {@code null} when absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    /** The text of a message's {@code content}: a string, or the {@code text} of its parts joined. */
    public static String contentText(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content.values()) {
            String value = text(part, "text");
            if (value != null) {
                text.append(value);
            }
        }
        return text.toString();
    }

    /** String pairs of a metadata object, checked against OpenAI's limits. */
    public static Map<String, String> metadata(JsonNode node) {
        JsonNode metadata = node.path("metadata");
        Map<String, String> result = new LinkedHashMap<>();
        if (metadata.isMissingNode() || metadata.isNull()) {
            return result;
        }
        if (!metadata.isObject()) {
            throw ApiError.invalid(
                            "Invalid type for 'metadata': expected a metadata object, but got a "
                                    + (metadata.isString() ? "string" : "value") + " instead.",
                            "metadata",
                            "invalid_type")
                    .toException();
        }
        if (metadata.size() > 16) {
            throw ApiError.invalid(
                            "Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with "
                                    + metadata.size() + " properties instead.",
                            "metadata",
                            "object_above_max_properties")
                    .toException();
        }
        for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
            result.put(entry.getKey(), entry.getValue().asString());
        }
        return result;
    }
}
