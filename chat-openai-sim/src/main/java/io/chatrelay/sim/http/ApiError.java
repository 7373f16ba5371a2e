package io.chatrelay.sim.http;

import java.util.Map;

/**
 * An error answered with OpenAI's body {@code {"error":{"message","type","param","code"}}}.
 *
 * @param status HTTP status
 * @param message human-readable message, worded as OpenAI words it
 * @param type error type, usually {@code invalid_request_error}
 * @param param the offending parameter or {@code null}
 * @param code machine-readable code or {@code null}
 * @param headers extra response headers (for example {@code retry-after})
 */
public record ApiError(
        int status, String message, String type, String param, String code, Map<String, String> headers) {

    public ApiError {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static ApiError invalid(String message, String param, String code) {
        return new ApiError(400, message, "invalid_request_error", param, code, Map.of());
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, message, "invalid_request_error", null, null, Map.of());
    }

    public static ApiError missing(String param) {
        return invalid("Missing required parameter: '" + param + "'.", param, "missing_required_parameter");
    }

    /** Thrown to end a handler with this error. */
    public Failure toException() {
        return new Failure(this);
    }

    /** Carries an {@link ApiError} out of a handler. */
    public static final class Failure extends RuntimeException {
        private final ApiError error;

        Failure(ApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        public ApiError error() {
            return error;
        }
    }
}
