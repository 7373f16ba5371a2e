package io.chatrelay.gateway.ingest;

import java.util.Map;

/**
 * A validated {@code POST /v1/chats} body.
 *
 * @param companySlug the tenant
 * @param message the user's text
 * @param conversationId the conversation to continue, or null to start one
 * @param metadata caller-supplied string pairs
 */
record ChatSubmission(String companySlug, String message, String conversationId, Map<String, String> metadata) {}
