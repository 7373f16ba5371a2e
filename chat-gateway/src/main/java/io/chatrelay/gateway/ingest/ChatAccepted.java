package io.chatrelay.gateway.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The 202 body of {@code POST /v1/chats}.
 *
 * @param requestId the id to follow the request by
 * @param conversationId the conversation the message belongs to (minted when the client gave none)
 * @param status always {@code accepted}
 * @param links where to read the state and the events
 * @param streamToken with auth enabled, a short-lived token that opens the events as {@code ?token=}, for browsers
 *     that cannot send the API key; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChatAccepted(String requestId, String conversationId, String status, Links links, String streamToken) {

    /**
     * @param self the request's state
     * @param events the request's SSE stream
     */
    record Links(String self, String events) {}

    static ChatAccepted of(String requestId, String conversationId, String streamToken) {
        String self = self(requestId);
        return new ChatAccepted(requestId, conversationId, "accepted", new Links(self, self + "/events"), streamToken);
    }

    /** Where the request's state is read. */
    static String self(String requestId) {
        return "/v1/chats/" + requestId;
    }
}
