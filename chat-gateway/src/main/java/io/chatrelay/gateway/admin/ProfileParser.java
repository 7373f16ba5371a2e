package io.chatrelay.gateway.admin;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.gateway.api.ApiException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and validates an {@link AssistantProfile} as the admin API takes it (camelCase, like every body of ours; the
 * snake_case names the profile had before, {@code assistant_id} and {@code prompt_id}, are taken too for one release),
 * naming the offending field in every error. Unknown fields are refused rather than ignored, so that a typo is not
 * silently dropped from a profile.
 */
final class ProfileParser {

    /** The profile's field names, from the record itself so that a new field is accepted at once. */
    static final List<String> FIELDS = Arrays.stream(AssistantProfile.class.getRecordComponents())
            .map(RecordComponent::getName)
            .sorted()
            .toList();

    private static final TypeReference<Map<String, Object>> OPTIONS = new TypeReference<>() {};

    /** The earlier snake_case names still taken, by the field each stands for. */
    private static final Map<String, String> ALIASES = Map.of("assistantId", "assistant_id", "promptId", "prompt_id");

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
            if (!FIELDS.contains(field.getKey()) && !ALIASES.containsValue(field.getKey())) {
                throw ApiException.badRequest(
                        "unknown_field", "Unknown field; a profile has " + String.join(", ", FIELDS), field.getKey());
            }
        }
        Engine engine = engine(root);
        String assistantId = optionalString(root, named(root, "assistantId"));
        String model = optionalString(root, "model");
        String instructions = optionalString(root, "instructions");
        String promptId = optionalString(root, named(root, "promptId"));
        JsonNode options = root.get("options");
        if (options != null && !options.isNull() && !options.isObject()) {
            throw ApiException.badRequest("invalid_field", "options must be an object", "options");
        }
        ApiException missing = switch (engine) {
            case ASSISTANTS ->
                assistantId != null
                        ? null
                        : ApiException.badRequest(
                                "missing_field", "assistantId is required for the assistants engine", "assistantId");
            case RESPONSES ->
                model != null || promptId != null
                        ? null
                        : ApiException.badRequest(
                                "missing_field", "model or promptId is required for the responses engine", "model");
        };
        if (missing != null) {
            throw missing;
        }
        return new AssistantProfile(
                engine,
                assistantId,
                model,
                instructions,
                promptId,
                options == null || options.isNull()
                        ? Map.of()
                        : ChatCodec.instance().mapper().convertValue(options, OPTIONS));
    }

    /** The profile as the admin API answers it: camelCase, absent fields left out, options as they are. */
    static ObjectNode view(AssistantProfile profile) {
        ObjectNode view = ChatCodec.instance().mapper().createObjectNode();
        view.put("engine", profile.engine().wireName());
        putIfPresent(view, "assistantId", profile.assistantId());
        putIfPresent(view, "model", profile.model());
        putIfPresent(view, "instructions", profile.instructions());
        putIfPresent(view, "promptId", profile.promptId());
        view.set("options", ChatCodec.instance().mapper().valueToTree(profile.options()));
        return view;
    }

    private static void putIfPresent(ObjectNode view, String field, String value) {
        if (value != null) {
            view.put(field, value);
        }
    }

    /** The name {@code field} is given by in {@code root}: its own, or its earlier alias; never both. */
    private static String named(JsonNode root, String field) {
        String alias = ALIASES.get(field);
        if (root.has(field) && root.has(alias)) {
            throw ApiException.badRequest(
                    "invalid_field", "Give " + field + " or its earlier name " + alias + ", not both", field);
        }
        return root.has(alias) ? alias : field;
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
