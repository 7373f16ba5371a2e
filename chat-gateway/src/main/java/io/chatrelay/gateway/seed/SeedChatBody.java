package io.chatrelay.gateway.seed;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of the original system's {@code POST /api/chat} and {@code /api/chat-stream}, for their OpenAPI
 * description: {@link SeedChatController} reads it from a tree, as leniently as the original handler did.
 *
 * @param companySlug the company
 * @param message the user's text
 * @param threadId the conversation to continue (our conversation id); absent to start one
 */
@Schema(name = "SeedChat")
record SeedChatBody(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "acme")
        String companySlug,

        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Where is my order?")
        String message,

        @Schema(description = "The conversation to continue", example = "cnv_5f0c6a1e")
        String threadId) {}
