package io.chatrelay.gateway.seed;

import io.chatrelay.gateway.auth.Caller;
import io.chatrelay.gateway.ingest.ChatSubmission;
import io.chatrelay.gateway.ingest.ChatSubmissionParser;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of the original system's {@code /api/chat} and {@code /api/chat-stream} as leniently as its handler
 * did, with its answers to bad input: 400 without company or message, 404 for a company slug or thread id that cannot
 * exist, 403 for another company than the API key's.
 */
final class SeedChatReader {

    /** The 403 for a companySlug that is not the API key's company (auth enabled only). */
    static final String OTHER_COMPANY = "The API key belongs to another company";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private SeedChatReader() {}

    /** The submission of a body; throws {@link SeedFailure} with the original system's answer when it has none. */
    static ChatSubmission read(String body, Caller caller) {
        JsonNode root = tree(body);
        String companySlug = text(root, "companySlug");
        String message = text(root, "message");
        String threadId = text(root, "threadId");
        if (companySlug == null || companySlug.isBlank() || message == null || message.isBlank()) {
            throw new SeedFailure(HttpStatus.BAD_REQUEST, "Company slug and message are required", null);
        }
        if (!ChatSubmissionParser.SLUG.matcher(companySlug).matches()
                || (threadId != null
                        && !ChatSubmissionParser.CONVERSATION_ID
                                .matcher(threadId)
                                .matches())) {
            throw new SeedFailure(HttpStatus.NOT_FOUND, "No assistant found for this company", null);
        }
        if (!caller.actsFor(companySlug)) {
            throw new SeedFailure(HttpStatus.FORBIDDEN, OTHER_COMPANY, null);
        }
        return new ChatSubmission(companySlug, message, threadId, Map.of());
    }

    private static JsonNode tree(String body) {
        try {
            return body == null ? null : MAPPER.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root == null ? null : root.get(field);
        return node != null && node.isString() ? node.stringValue() : null;
    }
}
