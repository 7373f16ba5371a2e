package io.chatrelay.sim.responses;

import io.chatrelay.sim.http.ApiError;
import io.chatrelay.sim.http.Ids;
import io.chatrelay.sim.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Input items as the Responses and Conversations APIs store them. */
final class Items {

    private Items() {}

    /** Normalises {@code input} (a string or an array of items) to stored items with ids. */
    static List<Map<String, Object>> fromInput(JsonNode input, String param) {
        List<Map<String, Object>> items = new ArrayList<>();
        if (input.isString()) {
            items.add(message("user", input.asString()));
            return items;
        }
        if (!input.isArray()) {
            throw ApiError.invalid(
                            "Invalid type for '" + param + "': expected an array or a string.", param, "invalid_type")
                    .toException();
        }
        int index = 0;
        for (JsonNode item : input.values()) {
            String type = Json.text(item, "type");
            if (type == null || type.equals("message")) {
                String role = Json.text(item, "role");
                if (role == null) {
                    throw ApiError.missing(param + "[" + index + "].role").toException();
                }
                items.add(message(role, contentText(item.path("content"))));
            } else {
                Map<String, Object> copy = Json.MAPPER.convertValue(item, Map.class);
                copy.putIfAbsent("id", Ids.next(type.equals("function_call_output") ? "fco" : "item"));
                items.add(copy);
            }
            index++;
        }
        return items;
    }

    static Map<String, Object> message(String role, String text) {
        String partType = role.equals("assistant") ? "output_text" : "input_text";
        Map<String, Object> part = role.equals("assistant")
                ? Json.object("type", partType, "text", text, "annotations", List.of(), "logprobs", List.of())
                : Json.object("type", partType, "text", text);
        return Json.object(
                "type",
                "message",
                "id",
                Ids.next("msg"),
                "status",
                "completed",
                "role",
                role,
                "content",
                List.of(part));
    }

    /** The text of a message item's content: a string, or its text parts joined. */
    static String contentText(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content.values()) {
            String value = Json.text(part, "text");
            if (value != null) {
                text.append(value);
            }
        }
        return text.toString();
    }

    /** The text of a stored item, for token counting and for finding the user's words. */
    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> item) {
        Object content = item.get("content");
        if (content instanceof List<?> parts) {
            StringBuilder text = new StringBuilder();
            for (Object part : parts) {
                Object value = ((Map<String, Object>) part).get("text");
                if (value != null) {
                    text.append(value).append(' ');
                }
            }
            return text.toString().strip();
        }
        Object output = item.get("output");
        return output == null ? "" : output.toString();
    }

    static boolean isUserMessage(Map<String, Object> item) {
        return "message".equals(item.get("type")) && "user".equals(item.get("role"));
    }
}
