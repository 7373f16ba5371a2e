package io.chatrelay.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer: {@code {"error": {"code", "message", "field"?, "requestId"?}}}.
 *
 * @param error what went wrong
 */
public record ApiError(Detail error) {

    /**
     * @param code a stable machine-readable code, for example {@code missing_field}
     * @param message a sentence for humans; never carries secrets
     * @param field the request field at fault, when there is one
     * @param requestId the request the answer is about, when one was made (a publish Kafka did not confirm)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String code, String message, String field, String requestId) {}

    public static ApiError of(String code, String message, String field) {
        return new ApiError(new Detail(code, message, field, null));
    }
}
