package io.chatrelay.gateway.ingest;

import io.chatrelay.gateway.api.ApiException;
import io.chatrelay.gateway.api.CompanySlug;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and validates a {@code POST /v1/chats} body, naming the offending field in every error.
 *
 * <p>The body is parsed as a tree rather than bound to a record so that each wrong type or missing field gets its
 * own code and field name instead of a generic binding failure.
 */
public final class ChatSubmissionParser {

    public static final Pattern SLUG = CompanySlug.PATTERN;
    /** Our own ids and upstream thread/conversation ids both fit this alphabet. */
    public static final Pattern CONVERSATION_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private static final int MAX_METADATA_KEY = 64;
    private static final int MAX_METADATA_VALUE = 512;

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final IngestProperties properties;

    ChatSubmissionParser(IngestProperties properties) {
        this.properties = properties;
    }

    ChatSubmission parse(String body) {
        JsonNode root;
        try {
            root = mapper.readTree(body == null ? "" : body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("malformed_json", "The body is not well-formed JSON", null);
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("malformed_json", "The body must be a JSON object", null);
        }
        String companySlug = requiredString(root, "companySlug");
        if (!SLUG.matcher(companySlug).matches()) {
            throw ApiException.badRequest("invalid_field", "companySlug " + CompanySlug.RULE, "companySlug");
        }
        String message = requiredString(root, "message");
        if (message.isBlank()) {
            throw ApiException.badRequest("missing_field", "message must not be blank", "message");
        }
        refuseTooLarge(message);
        String conversationId = optionalString(root, "conversationId");
        if (conversationId != null && !CONVERSATION_ID.matcher(conversationId).matches()) {
            throw ApiException.badRequest(
                    "invalid_field",
                    "conversationId must be 1-128 of A-Z, a-z, 0-9, '_', '.', ':' or '-'",
                    "conversationId");
        }
        return new ChatSubmission(companySlug, message, conversationId, metadata(root.get("metadata")));
    }

    /** Throws the 413 for a message longer than the configured limit. */
    public void refuseTooLarge(String message) {
        if (message.length() > properties.maxMessageChars()) {
            throw ApiException.of(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "message_too_large",
                    "message is longer than " + properties.maxMessageChars() + " characters",
                    "message");
        }
    }

    private Map<String, String> metadata(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("invalid_field", "metadata must be an object of strings", "metadata");
        }
        if (node.size() > properties.maxMetadataEntries()) {
            throw ApiException.badRequest(
                    "invalid_field",
                    "metadata may hold at most " + properties.maxMetadataEntries() + " entries",
                    "metadata");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isString()
                    || entry.getKey().length() > MAX_METADATA_KEY
                    || entry.getValue().stringValue().length() > MAX_METADATA_VALUE) {
                throw ApiException.badRequest(
                        "invalid_field",
                        "metadata values must be strings (keys up to 64, values up to 512 characters)",
                        "metadata." + entry.getKey());
            }
            metadata.put(entry.getKey(), entry.getValue().stringValue());
        }
        return metadata;
    }

    private static String requiredString(JsonNode root, String field) {
        String value = optionalString(root, field);
        if (value == null) {
            throw ApiException.badRequest("missing_field", field + " is required", field);
        }
        return value;
    }

    private static String optionalString(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ApiException.badRequest("invalid_field", field + " must be a string", field);
        }
        return node.stringValue();
    }
}
