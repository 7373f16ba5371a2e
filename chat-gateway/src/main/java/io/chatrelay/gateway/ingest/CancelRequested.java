package io.chatrelay.gateway.ingest;

/**
 * The 202 body of {@code POST /v1/chats/{requestId}/cancel}.
 *
 * @param requestId the request
 * @param status always {@code cancel_requested}: the workers stop it, and its events end with {@code cancelled}
 */
record CancelRequested(String requestId, String status) {

    static CancelRequested of(String requestId) {
        return new CancelRequested(requestId, "cancel_requested");
    }
}
