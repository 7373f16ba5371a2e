package io.chatrelay.gateway.ingest;

/**
 * The 202 body of {@code POST /v1/chats}.
 *
 * @param requestId the id to follow the request by
 * @param conversationId the conversation the message belongs to (minted when the client gave none)
 * @param status always {@code accepted}
 * @param links where to read the state and the events
 */
record ChatAccepted(String requestId, String conversationId, String status, Links links) {

    /**
     * @param self the request's state
     * @param events the request's SSE stream
     */
    record Links(String self, String events) {}

    static ChatAccepted of(String requestId, String conversationId) {
        String self = "/v1/chats/" + requestId;
        return new ChatAccepted(requestId, conversationId, "accepted", new Links(self, self + "/events"));
    }
}
