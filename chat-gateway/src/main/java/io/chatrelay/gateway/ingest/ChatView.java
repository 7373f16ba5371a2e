package io.chatrelay.gateway.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.RequestStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * The body of {@code GET /v1/chats/{requestId}}: where a request stands, its answer or error, and timestamps.
 *
 * @param requestId the request
 * @param conversationId its conversation
 * @param companySlug its company
 * @param status a {@code RequestStatus} wire name
 * @param message the user's message
 * @param answer the final answer, once completed
 * @param error why it failed, once failed
 * @param createdAt when the gateway accepted it
 * @param updatedAt when a worker last changed it
 * @param completedAt when it reached a final state
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChatView(
        String requestId,
        String conversationId,
        String companySlug,
        @Schema(implementation = RequestStatus.class) String status,
        String message,
        String answer,
        Error error,
        String createdAt,
        String updatedAt,
        String completedAt) {

    /**
     * @param code a stable code
     * @param message what happened
     */
    @Schema(name = "ChatError")
    record Error(String code, String message) {}

    static ChatView of(String requestId, Map<String, String> state) {
        String errorCode = state.get(RequestStateFields.ERROR_CODE);
        return new ChatView(
                requestId,
                state.get(RequestStateFields.CONVERSATION_ID),
                state.get(RequestStateFields.COMPANY),
                state.get(RequestStateFields.STATUS),
                state.get(RequestStateFields.MESSAGE),
                state.get(RequestStateFields.ANSWER),
                errorCode == null ? null : new Error(errorCode, state.get(RequestStateFields.ERROR_MESSAGE)),
                state.get(RequestStateFields.CREATED_AT),
                state.get(RequestStateFields.UPDATED_AT),
                state.get(RequestStateFields.COMPLETED_AT));
    }
}
