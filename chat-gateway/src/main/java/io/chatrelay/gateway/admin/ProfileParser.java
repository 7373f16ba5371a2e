package io.chatrelay.gateway.admin;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.gateway.api.ApiException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads and validates an {@link AssistantProfile} in its wire shape (snake_case, as stored in Redis and read by the
 * workers), naming the offending field in every error. Unknown fields are refused rather than ignored, so that a typo
 * such as {@code assistantId} is not silently dropped from a profile.
 */
final class ProfileParser {

    /**
     * The wire names of the profile's fields (the codec writes snake_case), from the record itself so that a new field
     * is accepted at once.
     */
    static final Set<String> FIELDS = Arrays.stream(AssistantProfile.class.getRecordComponents())
            .map(component -> component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());

    private ProfileParser() {}

    static AssistantProfile parse(String body) {
        JsonNode root;
        try {
            root = ChatCodec.instance().mapper().readTree(body == null ? "" : body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("malformed_json", "The body is not well-formed JSON", null);
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("malformed_json", "The body must be a JSON object", null);
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw ApiException.badRequest(
                        "unknown_field",
                        "Unknown field; a profile has "
                                + String.join(", ", FIELDS.stream().sorted().toList()),
                        field.getKey());
            }
        }
        Engine engine = engine(root);
        String assistantId = optionalString(root, "assistant_id");
        String model = optionalString(root, "model");
        String instructions = optionalString(root, "instructions");
        String promptId = optionalString(root, "prompt_id");
        JsonNode options = root.get("options");
        if (options != null && !options.isNull() && !options.isObject()) {
            throw ApiException.badRequest("invalid_field", "options must be an object", "options");
        }
        ApiException missing = switch (engine) {
            case ASSISTANTS ->
                assistantId != null
                        ? null
                        : ApiException.badRequest(
                                "missing_field", "assistant_id is required for the assistants engine", "assistant_id");
            case RESPONSES ->
                model != null || promptId != null
                        ? null
                        : ApiException.badRequest(
                                "missing_field", "model or prompt_id is required for the responses engine", "model");
        };
        if (missing != null) {
            throw missing;
        }
        try {
            return ChatCodec.instance().mapper().treeToValue(root, AssistantProfile.class);
        } catch (JacksonException e) {
            throw ApiException.badRequest("invalid_field", "The profile cannot be read", null);
        }
    }

    private static Engine engine(JsonNode root) {
        String engine = optionalString(root, "engine");
        if (engine == null) {
            throw ApiException.badRequest("missing_field", "engine is required", "engine");
        }
        return Arrays.stream(Engine.values())
                .filter(candidate -> candidate.wireName().equals(engine))
                .findFirst()
                .orElseThrow(() -> ApiException.badRequest(
                        "invalid_field", "engine must be one of responses, assistants", "engine"));
    }

    /** The field's text; null when absent, null or blank. */
    private static String optionalString(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ApiException.badRequest("invalid_field", field + " must be a string", field);
        }
        return node.stringValue().isBlank() ? null : node.stringValue();
    }
}
