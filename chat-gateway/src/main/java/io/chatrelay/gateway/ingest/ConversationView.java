package io.chatrelay.gateway.ingest;

import java.util.List;

/**
 * The body of {@code GET /v1/conversations/{conversationId}/messages}: the turns of a conversation, oldest first.
 *
 * @param conversationId the conversation
 * @param messages its turns the caller may see, in the order they were accepted
 */
record ConversationView(String conversationId, List<ChatView> messages) {}
