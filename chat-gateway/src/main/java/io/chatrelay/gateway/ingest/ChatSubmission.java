package io.chatrelay.gateway.ingest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * A validated {@code POST /v1/chats} body.
 *
 * @param companySlug the tenant
 * @param message the user's text
 * @param conversationId the conversation to continue, or null to start one
 * @param metadata caller-supplied string pairs
 */
@Schema(description = "A chat message to run as the next turn of a conversation")
public record ChatSubmission(
        @Schema(
                requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The company; 1-64 of a-z, 0-9, '-' or '_'",
                example = "acme")
        String companySlug,

        @Schema(
                requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The user's text, at most chatrelay.gateway.ingest.max-message-chars (32000)",
                example = "Where is my order?")
        String message,

        @Schema(
                description = "The conversation to continue (1-128 of A-Z, a-z, 0-9, '_', '.', ':', '-');"
                        + " absent: a new one is started",
                example = "cnv_5f0c6a1e")
        String conversationId,

        @Schema(description = "Up to 16 string pairs handed to the worker (keys ≤ 64, values ≤ 512 characters)")
        Map<String, String> metadata) {}
