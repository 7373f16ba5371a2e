package io.chatrelay.gateway.ops;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.gateway.api.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the body of {@code POST /admin/dead-letters/replay}: {@code {ids | filter, dryRun?, ratePerSecond?,
 * maxCount?}}. Anything unexpected is a 400 naming the field, so a typo never widens a replay.
 */
final class ReplayRequestParser {

    private static final Set<String> FIELDS = Set.of("ids", "filter", "dryRun", "ratePerSecond", "maxCount");
    static final double MAX_RATE = 1000;

    private final OpsProperties properties;

    ReplayRequestParser(OpsProperties properties) {
        this.properties = properties;
    }

    Replays.Command parse(String body, String actor) {
        JsonNode root;
        try {
            root = body == null || body.isBlank()
                    ? null
                    : ChatCodec.instance().mapper().readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("malformed_request", "The body is not well-formed JSON", null);
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("malformed_request", "The body must be a JSON object", null);
        }
        for (String name : root.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw ApiException.badRequest("unknown_field", "Unknown field '" + bounded(name) + "'", name);
            }
        }
        JsonNode ids = root.get("ids");
        JsonNode filter = root.get("filter");
        if ((ids == null) == (filter == null)) {
            throw ApiException.badRequest("invalid_field", "Give either ids or filter", "ids");
        }
        int maxCount = properties.defaultReplay();
        if (root.has("maxCount")) {
            JsonNode node = root.get("maxCount");
            if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > properties.maxReplay()) {
                throw ApiException.badRequest(
                        "invalid_field",
                        "maxCount must be a whole number from 1 to " + properties.maxReplay(),
                        "maxCount");
            }
            maxCount = node.asInt();
        }
        Double rate = null;
        if (root.has("ratePerSecond") && !root.get("ratePerSecond").isNull()) {
            JsonNode node = root.get("ratePerSecond");
            if (!node.isNumber() || node.asDouble() <= 0 || node.asDouble() > MAX_RATE) {
                throw ApiException.badRequest(
                        "invalid_field",
                        "ratePerSecond must be a number above 0 and at most " + (int) MAX_RATE,
                        "ratePerSecond");
            }
            rate = node.asDouble();
        }
        boolean dryRun = false;
        if (root.has("dryRun")) {
            if (!root.get("dryRun").isBoolean()) {
                throw ApiException.badRequest("invalid_field", "dryRun must be true or false", "dryRun");
            }
            dryRun = root.get("dryRun").asBoolean();
        }
        if (ids != null) {
            if (!ids.isArray() || ids.isEmpty()) {
                throw ApiException.badRequest("invalid_field", "ids must be a non-empty array of request ids", "ids");
            }
            List<String> list = new ArrayList<>();
            for (JsonNode id : ids) {
                if (!id.isString() || id.asString().isBlank() || id.asString().length() > 200) {
                    throw ApiException.badRequest("invalid_field", "ids must hold request ids", "ids");
                }
                list.add(id.asString());
            }
            if (list.size() > maxCount) {
                throw ApiException.badRequest("invalid_field", "More ids than maxCount (" + maxCount + ")", "ids");
            }
            return new Replays.Command(List.copyOf(list), null, dryRun, rate, maxCount, actor);
        }
        if (!filter.isObject()) {
            throw ApiException.badRequest("invalid_field", "filter must be an object", "filter");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : filter.properties()) {
            JsonNode value = field.getValue();
            if (!value.isValueNode()) {
                throw ApiException.badRequest("invalid_filter", "Filter values are strings or numbers", field.getKey());
            }
            values.put(field.getKey(), value.isNull() ? null : value.asString());
        }
        if (values.containsKey("includeResolved")) {
            throw ApiException.badRequest(
                    "invalid_filter", "A replay never takes resolved dead letters", "includeResolved");
        }
        return new Replays.Command(null, DeadLetterFilter.parse(values), dryRun, rate, maxCount, actor);
    }

    private static String bounded(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
