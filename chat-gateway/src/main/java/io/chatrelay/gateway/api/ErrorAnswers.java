package io.chatrelay.gateway.api;

import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every error answer of the gateway, once, with an example body for each way it happens: the components that
 * {@link ApiDocs} names. The messages are the ones the code sends.
 */
final class ErrorAnswers {

    static final String API_ERROR = "ApiError";
    static final String NO_ASSISTANT = "No assistant found for this company";
    static final String NOT_ACKNOWLEDGED = "Kafka did not acknowledge the request in time; it was not accepted";

    static final String SLUG_RULE = "The company slug " + CompanySlug.RULE;

    private ErrorAnswers() {}

    /** The error body schemas: {@code {error: {code, message, field?}}} and the original system's {@code {error}}. */
    static Map<String, Schema> schemas() {
        Schema<?> detail = new ObjectSchema()
                .addProperty("code", new StringSchema().description("Stable and machine-readable"))
                .addProperty("message", new StringSchema().description("For humans; never echoes a credential"))
                .addProperty("field", new StringSchema().description("The request field or header at fault, if any"))
                .required(List.of("code", "message"));
        Schema<?> apiError = new ObjectSchema()
                .description("The body of every error answer under /v1 and /admin")
                .addProperty("error", detail)
                .required(List.of("error"));
        return Map.of(API_ERROR, apiError, SeedErrorAnswers.SEED_ERROR, SeedErrorAnswers.schema());
    }

    /** The answers of {@code /v1}, those of {@code /admin}, then those of the original endpoints under {@code /api}. */
    static Map<String, ApiResponse> all() {
        Map<String, ApiResponse> answers = new LinkedHashMap<>();
        answers.put(
                ApiDocs.name(ApiDocs.CHAT_BAD_REQUEST),
                error(
                        "A field of the body, or a header, is missing or invalid; `field` names it",
                        example("malformed_json", "The body is not well-formed JSON", null),
                        example("missing_field", "message is required", "message"),
                        example("invalid_field", "companySlug " + CompanySlug.RULE, "companySlug"),
                        example(
                                "invalid_field",
                                "Idempotency-Key must be 1-128 of A-Z, a-z, 0-9, '_', '.', ':' or '-'",
                                "Idempotency-Key")));
        answers.put(
                ApiDocs.name(ApiDocs.SLUG_BAD_REQUEST),
                error("The company slug is invalid", example("invalid_field", SLUG_RULE, "companySlug")));
        answers.put(
                ApiDocs.name(ApiDocs.LAST_EVENT_ID_BAD_REQUEST),
                error(
                        "Last-Event-ID (or lastEventId) is not an event seq",
                        example("invalid_field", "Last-Event-ID must be an event seq", "Last-Event-ID")));
        answers.put(
                ApiDocs.name(ApiDocs.PAGE_BAD_REQUEST),
                error(
                        "from or limit is not a whole number in its range",
                        example("invalid_page", "limit must be a whole number from 1 to 200", "limit")));
        answers.put(
                ApiDocs.name(ApiDocs.UNAUTHORIZED),
                challenge(
                        "With auth enabled: no API key, or an unknown or revoked one",
                        example("missing_credentials", "An API key is required: Authorization: Bearer <key>", null),
                        example("invalid_api_key", "The API key is not valid", null)));
        answers.put(
                ApiDocs.name(ApiDocs.STREAM_UNAUTHORIZED),
                challenge(
                        "With auth enabled: neither a valid API key nor a valid stream token for this request",
                        example("missing_credentials", "An API key is required: Authorization: Bearer <key>", null),
                        example("invalid_api_key", "The API key is not valid", null),
                        example("invalid_stream_token", "The stream token is not valid for this request", null),
                        example("stream_token_expired", "The stream token has expired", null)));
        answers.put(
                ApiDocs.name(ApiDocs.COMPANY_MISMATCH),
                error(
                        "The API key is another company's than companySlug",
                        example(
                                "company_mismatch",
                                "The API key belongs to another company than companySlug",
                                "companySlug")));
        answers.put(
                ApiDocs.name(ApiDocs.UNKNOWN_COMPANY),
                error(
                        "The company has no profile, or the conversationId names an upstream conversation or thread"
                                + " that another company uses",
                        example("unknown_company", NO_ASSISTANT, null),
                        example("unknown_conversation", "No such conversation", "conversationId")));
        answers.put(
                ApiDocs.name(ApiDocs.UNKNOWN_REQUEST),
                error(
                        "No such request, or (with auth enabled) another company's: the two cannot be told apart",
                        example("unknown_request", "No such request", null)));
        answers.put(
                ApiDocs.name(ApiDocs.UNKNOWN_CONVERSATION),
                error(
                        "No turn of this conversation is visible to the caller",
                        example("unknown_conversation", "No such conversation", null)));
        answers.put(
                ApiDocs.name(ApiDocs.METHOD_NOT_ALLOWED),
                error(
                                "Another method than the path takes",
                                example("method_not_allowed", "Method GET is not allowed here", null))
                        .addHeaderObject("Allow", header("The methods the path takes", "POST")));
        answers.put(
                ApiDocs.name(ApiDocs.CHAT_CONFLICT),
                error(
                                "The conversation belongs to another company, or the Idempotency-Key's first call still"
                                        + " waits for Kafka (retry after Retry-After)",
                                example(
                                        "conversation_taken",
                                        "This conversationId belongs to another company",
                                        "conversationId"),
                                example(
                                        "idempotency_key_pending",
                                        "A request with this Idempotency-Key is still being accepted; retry shortly",
                                        "Idempotency-Key"))
                        .addHeaderObject("Retry-After", retryAfter()));
        answers.put(
                ApiDocs.name(ApiDocs.ALREADY_FINISHED),
                error(
                        "The request already reached a final state",
                        example("already_finished", "The request already ended as completed", null)));
        answers.put(
                ApiDocs.name(ApiDocs.MESSAGE_TOO_LARGE),
                error(
                        "The message is longer than chatrelay.gateway.ingest.max-message-chars",
                        example("message_too_large", "message is longer than 32000 characters", "message")));
        answers.put(
                ApiDocs.name(ApiDocs.NOT_ACCEPTABLE),
                error(
                        "The Accept header admits none of the operation's answers; nothing was done",
                        example(ApiException.notAcceptable("application/json"))));
        answers.put(
                ApiDocs.name(ApiDocs.UNSUPPORTED_MEDIA_TYPE),
                error(
                        "The body is not application/json",
                        example("unsupported_media_type", "The body must be application/json", null)));
        answers.put(
                ApiDocs.name(ApiDocs.IDEMPOTENCY_KEY_REUSED),
                error(
                        "The Idempotency-Key was first used with another body",
                        example(
                                "idempotency_key_reused",
                                "This Idempotency-Key was used with a different body",
                                "Idempotency-Key")));
        answers.put(
                ApiDocs.name(ApiDocs.RATE_LIMITED),
                error(
                                "The company used up its token bucket (shared by every gateway instance)",
                                example("rate_limited", "Too many requests for this company", null))
                        .addHeaderObject("Retry-After", retryAfter()));
        answers.put(
                ApiDocs.name(ApiDocs.UNAVAILABLE),
                error(
                                "Redis or Kafka could not take the request, and nothing was kept (unavailable); or it"
                                        + " left for Kafka without an acknowledgement in time, so it was kept and may"
                                        + " run (publish_unconfirmed, with its requestId)",
                                example("unavailable", NOT_ACKNOWLEDGED, null),
                                example(ApiException.unconfirmed("req_7d9e2b41", null)))
                        .addHeaderObject("Retry-After", retryAfter()));
        answers.putAll(AdminErrorAnswers.all());
        answers.putAll(SeedErrorAnswers.all());
        return answers;
    }

    static ApiResponse error(String description, Example... examples) {
        return response(description, API_ERROR, examples);
    }

    /** A 401: it also says which scheme to authenticate with. */
    static ApiResponse challenge(String description, Example... examples) {
        return error(description, examples)
                .addHeaderObject("WWW-Authenticate", header("The scheme to authenticate with", "Bearer"));
    }

    static ApiResponse response(String description, String schema, Example... examples) {
        MediaType json = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema));
        for (Example example : examples) {
            // The summary names the case: the code, and the field when two cases share a code.
            json.addExamples(example.getSummary(), example);
        }
        return new ApiResponse().description(description).content(new Content().addMediaType("application/json", json));
    }

    static Example example(String code, String message, String field) {
        return example(new ApiError.Detail(code, message, field, null));
    }

    /** The example of an answer the code gives as {@code refusal}, so the two cannot drift apart. */
    private static Example example(ApiException refusal) {
        return example(refusal.body().error());
    }

    /** The body is the answer's own record, so the example has the shape the gateway writes. */
    private static Example example(ApiError.Detail detail) {
        String summary = detail.field() == null ? detail.code() : detail.code() + "." + detail.field();
        return new Example().summary(summary).value(new ApiError(detail));
    }

    static Header retryAfter() {
        return new Header()
                .description("Whole seconds to wait before trying again")
                .schema(new IntegerSchema().example(1));
    }

    static Header header(String description, String example) {
        return new Header().description(description).schema(new StringSchema().example(example));
    }
}
