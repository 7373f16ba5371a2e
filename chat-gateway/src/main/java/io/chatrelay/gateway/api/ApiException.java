package io.chatrelay.gateway.api;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/** A failure that becomes an HTTP status with an {@link ApiError} body; thrown by the features, answered once. */
public final class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String field;
    private final Duration retryAfter;

    private ApiException(HttpStatus status, String code, String message, String field, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfter = retryAfter;
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

    public HttpStatus status() {
        return status;
    }

    public ApiError body() {
        return ApiError.of(code, getMessage(), field);
    }

    /**
     * How long the client should wait before trying again, for 429 and 503, as a {@code Retry-After} value: whole
     * seconds, rounded up so that a client never retries too early; null otherwise.
     */
    public String retryAfterSeconds() {
        return retryAfter == null ? null : Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }
}
