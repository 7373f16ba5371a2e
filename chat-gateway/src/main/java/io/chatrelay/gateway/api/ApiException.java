package io.chatrelay.gateway.api;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** A failure that becomes an HTTP status with an {@link ApiError} body; thrown by the features, answered once. */
public final class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String field;
    private final Duration retryAfter;
    private final String requestId;

    private ApiException(
            HttpStatus status, String code, String message, String field, Duration retryAfter, String requestId) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfter = retryAfter;
        this.requestId = requestId;
    }

    private ApiException(HttpStatus status, String code, String message, String field, Duration retryAfter) {
        this(status, code, message, field, retryAfter, null);
    }

    public static ApiException badRequest(String code, String message, String field) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message, field, null);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(HttpStatus.NOT_FOUND, code, message, null, null);
    }

    /** A refusal that passes: the client is to retry after {@code retryAfter}. */
    public static ApiException of(HttpStatus status, String code, String message, String field, Duration retryAfter) {
        return new ApiException(status, code, message, field, retryAfter);
    }

    public static ApiException of(HttpStatus status, String code, String message, String field) {
        return new ApiException(status, code, message, field, null);
    }

    public static ApiException tooManyRequests(String message, Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", message, null, retryAfter);
    }

    public static ApiException unavailable(String message, Duration retryAfter) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", message, null, retryAfter);
    }

    /** An {@code Accept} header that admits none of the operation's {@code answers} (their media types, in words). */
    public static ApiException notAcceptable(String answers) {
        return new ApiException(
                HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "The answer is " + answers, HttpHeaders.ACCEPT, null);
    }

    /**
     * A request whose publish ended without Kafka's verdict: it may run, so it is kept, and the answer names it so
     * the client can follow it instead of posting it anew.
     */
    public static ApiException unconfirmed(String requestId, Duration retryAfter) {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "publish_unconfirmed",
                "Kafka did not confirm the request in time; it may still run. GET /v1/chats/" + requestId
                        + " shows where it stands; a retry with the same Idempotency-Key sends it again, never twice",
                null,
                retryAfter,
                requestId);
    }

    public HttpStatus status() {
        return status;
    }

    public ApiError body() {
        return new ApiError(new ApiError.Detail(code, getMessage(), field, requestId));
    }

    /**
     * How long the client should wait before trying again, for 429 and 503, as a {@code Retry-After} value: whole
     * seconds, rounded up so that a client never retries too early; null otherwise.
     */
    public String retryAfterSeconds() {
        return retryAfter == null ? null : Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }
}
