package io.chatrelay.gateway.api;

import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The error answers of the original system's endpoints under {@code /api}, in its shape {@code {error, threadId?}},
 * which its clients parse.
 */
final class SeedErrorAnswers {

    static final String SEED_ERROR = "SeedError";

    private SeedErrorAnswers() {}

    static Schema<?> schema() {
        return new ObjectSchema()
                .description("The original system's error body, kept under /api for its clients")
                .addProperty("error", new StringSchema())
                .addProperty("threadId", new StringSchema().description("The conversation, when one was given"))
                .required(List.of("error"));
    }

    static Map<String, ApiResponse> all() {
        Map<String, ApiResponse> answers = new LinkedHashMap<>();
        answers.put(
                ApiDocs.name(ApiDocs.SEED_BAD_REQUEST),
                seed("companySlug or message is missing", seedExample("Company slug and message are required", null)));
        answers.put(
                ApiDocs.name(ApiDocs.SEED_UNAUTHORIZED),
                seed(
                                "With auth enabled: no API key, or an unknown or revoked one",
                                seedExample("An API key is required: Authorization: Bearer <key>", null),
                                seedExample("The API key is not valid", null))
                        .addHeaderObject(
                                "WWW-Authenticate", ErrorAnswers.header("The scheme to authenticate with", "Bearer")));
        answers.put(
                ApiDocs.name(ApiDocs.SEED_FORBIDDEN),
                seed(
                        "The API key is another company's than companySlug",
                        seedExample("The API key belongs to another company", null)));
        answers.put(
                ApiDocs.name(ApiDocs.SEED_NOT_FOUND),
                seed(
                        "The company has no profile, or the slug or threadId cannot be one",
                        seedExample(ErrorAnswers.NO_ASSISTANT, null)));
        answers.put(
                ApiDocs.name(ApiDocs.SEED_METHOD_NOT_ALLOWED),
                seed("Another method than POST", seedExample("Method not allowed", null))
                        .addHeaderObject("Allow", ErrorAnswers.header("The methods the path takes", "POST")));
        answers.put(
                ApiDocs.name(ApiDocs.SEED_CONFLICT),
                seed(
                        "The thread (our conversation) belongs to another company",
                        seedExample("This conversationId belongs to another company", "cnv_5f0c6a1e")));
        answers.put(
                ApiDocs.name(ApiDocs.SEED_TOO_LARGE),
                seed(
                        "The message is longer than chatrelay.gateway.ingest.max-message-chars",
                        seedExample("message is longer than 32000 characters", "cnv_5f0c6a1e")));
        answers.put(
                ApiDocs.name(ApiDocs.SEED_RATE_LIMITED),
                seed(
                                "The company used up its token bucket (shared with /v1/chats and every gateway)",
                                seedExample("Too many requests for this company", "cnv_5f0c6a1e"))
                        .addHeaderObject("Retry-After", ErrorAnswers.retryAfter()));
        answers.put(
                ApiDocs.name(ApiDocs.SEED_FAILED),
                seed(
                        "The request failed, or no answer came within 120 s",
                        seedExample("The upstream refused the request", "cnv_5f0c6a1e"),
                        seedExample("Timed out waiting for the answer", "cnv_5f0c6a1e")));
        answers.put(
                ApiDocs.name(ApiDocs.SEED_UNAVAILABLE),
                seed("Kafka did not acknowledge the request in time", seedExample(ErrorAnswers.NOT_ACKNOWLEDGED, null))
                        .addHeaderObject("Retry-After", ErrorAnswers.retryAfter()));
        return answers;
    }

    private static ApiResponse seed(String description, Example... examples) {
        return ErrorAnswers.response(description, SEED_ERROR, examples);
    }

    private static Example seedExample(String message, String threadId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (threadId != null) {
            body.put("threadId", threadId);
        }
        return new Example().summary(message).value(body);
    }
}
