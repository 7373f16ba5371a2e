package io.chatrelay.sim.http;

import java.util.LinkedHashMap;
import java.util.List;
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

    /** An ordered map from alternating keys and values; {@code null} values are kept (OpenAI sends them). */
    public static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A list page as OpenAI answers it: {@code object}, {@code data}, {@code first_id}, {@code last_id}, {@code has_more}. */
    public static Map<String, Object> listPage(List<Map<String, Object>> data, boolean hasMore) {
        return object(
                "object",
                "list",
                "data",
                data,
                "first_id",
                data.isEmpty() ? null : data.getFirst().get("id"),
                "last_id",
                data.isEmpty() ? null : data.getLast().get("id"),
                "has_more",
                hasMore);
    }

    /** The string value of a field, or {@code null} when absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
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
