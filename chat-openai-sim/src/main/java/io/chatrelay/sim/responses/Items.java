package io.chatrelay.sim.responses;

import io.chatrelay.sim.http.ApiError;
import io.chatrelay.sim.http.Ids;
import io.chatrelay.sim.http.Json;
import io.chatrelay.sim.responses.wire.ContentPart;
import io.chatrelay.sim.responses.wire.FunctionCallItem;
import io.chatrelay.sim.responses.wire.Item;
import io.chatrelay.sim.responses.wire.MessageItem;
import io.chatrelay.sim.responses.wire.PassedItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Input items as the Responses and Conversations APIs store them. */
final class Items {

    private Items() {}

    /** Normalises {@code input} (a string or an array of items) to stored items with ids. */
    @SuppressWarnings("unchecked")
    static List<Item> fromInput(JsonNode input, String param) {
        List<Item> items = new ArrayList<>();
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
                items.add(message(role, Json.contentText(item.path("content"))));
            } else {
                Map<String, Object> copy = Json.MAPPER.convertValue(item, Map.class);
                copy.putIfAbsent("id", Ids.next(type.equals("function_call_output") ? "fco" : "item"));
                items.add(new PassedItem(copy));
            }
            index++;
        }
        return items;
    }

    static MessageItem message(String role, String text) {
        ContentPart part =
                role.equals("assistant") ? new ContentPart.OutputText(text) : new ContentPart.InputText(text);
        return new MessageItem(Ids.next("msg"), "completed", role, List.of(part));
    }

    /** The text of a stored item, for token counting and for finding the user's words. */
    static String text(Item item) {
        return switch (item) {
            case MessageItem message ->
                joined(message.content().stream().map(ContentPart::text).toList());
            case FunctionCallItem call -> "";
            case PassedItem passed -> passedText(passed);
        };
    }

    static boolean isUserMessage(Item item) {
        return item instanceof MessageItem message && message.role().equals("user");
    }

    /** Whether {@code item} is a function call with {@code callId}. */
    static boolean isCall(Item item, Object callId) {
        return switch (item) {
            case FunctionCallItem call -> call.callId().equals(callId);
            case PassedItem passed ->
                "function_call".equals(passed.type()) && passed.get("call_id").equals(callId);
            case MessageItem message -> false;
        };
    }

    /** An item the simulator does not interpret: the text parts of its content, else its output. */
    @SuppressWarnings("unchecked")
    private static String passedText(PassedItem item) {
        if (item.get("content") instanceof List<?> parts) {
            return joined(parts.stream()
                    .map(part -> ((Map<String, Object>) part).get("text"))
                    .toList());
        }
        Object output = item.get("output");
        return output == null ? "" : output.toString();
    }

    private static String joined(List<?> texts) {
        StringBuilder text = new StringBuilder();
        for (Object value : texts) {
            if (value != null) {
                text.append(value).append(' ');
            }
        }
        return text.toString().strip();
    }
}
