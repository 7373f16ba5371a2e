package io.chatrelay.gateway.ingest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The body of {@code GET /v1/conversations/{conversationId}/messages}: a page of the turns of a conversation, oldest
 * first.
 *
 * @param conversationId the conversation
 * @param messages its turns on this page, in the order they were accepted
 * @param next the {@code from} of the next page; null on the last
 */
record ConversationView(
        String conversationId,
        List<ChatView> messages,

        @Schema(
                types = {"integer", "null"},
                format = "int32")
        Integer next) {}
