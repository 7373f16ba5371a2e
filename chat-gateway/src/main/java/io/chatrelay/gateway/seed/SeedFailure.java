package io.chatrelay.gateway.seed;

import io.chatrelay.gateway.api.ApiException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A failure of the original system's endpoints, answered in its shape: {@code {error, threadId?}}. */
final class SeedFailure extends RuntimeException {

    private final HttpStatus status;
    private final String threadId;
    private final String retryAfter;

    SeedFailure(HttpStatus status, String message, String threadId) {
        this(status, message, threadId, null);
    }

    private SeedFailure(HttpStatus status, String message, String threadId, String retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.threadId = threadId;
        this.retryAfter = retryAfter;
    }

    /** The seed's answer to a refusal of the intake; an unknown company names no thread, as the original did. */
    static SeedFailure of(ApiException refusal, String threadId) {
        return new SeedFailure(
                refusal.status(),
                refusal.getMessage(),
                refusal.status() == HttpStatus.NOT_FOUND ? null : threadId,
                refusal.retryAfterSeconds());
    }

    ResponseEntity<Map<String, Object>> answer() {
        Map<String, Object> body = new HashMap<>();
        body.put("error", getMessage());
        if (threadId != null) {
            body.put("threadId", threadId);
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (retryAfter != null) {
            answer.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return answer.body(body);
    }
}
