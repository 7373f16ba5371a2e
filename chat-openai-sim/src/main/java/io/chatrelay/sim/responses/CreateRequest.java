package io.chatrelay.sim.responses;

import io.chatrelay.sim.http.ApiError;
import io.chatrelay.sim.http.Json;
import io.chatrelay.sim.responses.wire.Item;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A {@code POST /v1/responses} body, checked in the order OpenAI checks it; the response repeats most of it.
 *
 * @param model the model asked for, or {@code null} when a stored prompt names it
 * @param conversationId the conversation to run on (given as its id or as {@code {"id":…}}), or {@code null}
 * @param input the new items, with ids
 * @param tools the tools, as given
 * @param prompt the stored prompt, as given, or {@code null}
 */
record CreateRequest(
        String model,
        String instructions,
        boolean background,
        boolean stream,
        Integer maxOutputTokens,
        Map<String, String> metadata,
        String conversationId,
        String previousResponseId,
        List<Item> input,
        List<Object> tools,
        Map<String, Object> prompt) {

    /** The model the response names: the one asked for, or the simulator's own for a stored prompt. */
    String modelOrDefault() {
        return model == null ? "gpt-sim" : model;
    }

    @SuppressWarnings("unchecked")
    static CreateRequest parse(JsonNode body) {
        if (body.has("messages")) {
            throw ApiError.invalid(
                            "Unsupported parameter: 'messages'. In the Responses API, this parameter has moved to 'input'.",
                            null,
                            "unsupported_parameter")
                    .toException();
        }
        String model = Json.text(body, "model");
        JsonNode prompt = body.path("prompt");
        boolean hasPrompt = prompt.isObject();
        if (model == null && !hasPrompt) {
            throw ApiError.missing("model").toException();
        }
        if (model != null && model.isEmpty()) {
            throw ApiError.invalid("The requested model '' does not exist.", "model", "model_not_found")
                    .toException();
        }
        boolean background = body.path("background").asBoolean(false);
        if (background && body.has("store") && !body.path("store").asBoolean(true)) {
            throw ApiError.invalid("Background mode requires 'store' to be true.", "background", "invalid_value")
                    .toException();
        }
        Integer maxOutputTokens = maxOutputTokens(body);
        Map<String, String> metadata = Json.metadata(body);
        String conversationId = conversationId(body.path("conversation"));
        String previousResponseId = Json.text(body, "previous_response_id");
        if (conversationId != null && previousResponseId != null) {
            throw ApiError.invalid(
                            "Mutually exclusive parameters: Ensure you are only providing one of: 'previous_response_id' or 'conversation'.",
                            null,
                            "mutually_exclusive_parameters")
                    .toException();
        }
        JsonNode inputNode = body.path("input");
        List<Item> input =
                inputNode.isMissingNode() || inputNode.isNull() ? List.of() : Items.fromInput(inputNode, "input");
        if (input.isEmpty() && conversationId == null && !hasPrompt && previousResponseId == null) {
            throw ApiError.invalid(
                            "One of \"input\" or \"previous_response_id\" or 'prompt' or 'conversation' must be provided.",
                            null,
                            "missing_required_parameter")
                    .toException();
        }
        return new CreateRequest(
                model,
                Json.text(body, "instructions"),
                background,
                body.path("stream").asBoolean(false),
                maxOutputTokens,
                metadata,
                conversationId,
                previousResponseId,
                input,
                body.has("tools") ? Json.MAPPER.convertValue(body.path("tools"), List.class) : List.of(),
                hasPrompt ? Json.MAPPER.convertValue(prompt, Map.class) : null);
    }

    private static Integer maxOutputTokens(JsonNode body) {
        if (!body.hasNonNull("max_output_tokens")) {
            return null;
        }
        int value = body.path("max_output_tokens").asInt();
        if (value < 16) {
            throw ApiError.invalid(
                            "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got "
                                    + value + " instead.",
                            "max_output_tokens",
                            "integer_below_min_value")
                    .toException();
        }
        return value;
    }

    private static String conversationId(JsonNode conversation) {
        if (conversation.isMissingNode() || conversation.isNull()) {
            return null;
        }
        return conversation.isString() ? conversation.asString() : Json.text(conversation, "id");
    }
}
