package io.chatrelay.gateway.api;

import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** The error answers of the admin API: company profiles and keys, and dead letters. */
final class AdminErrorAnswers {

    private AdminErrorAnswers() {}

    static Map<String, ApiResponse> all() {
        Map<String, ApiResponse> answers = new LinkedHashMap<>();
        Example adminAbsent = ErrorAnswers.example("not_found", "No such endpoint", null);
        Example invalidOperator = ErrorAnswers.example(
                "invalid_operator", "X-Chatrelay-Operator must be 1-64 of A-Z, a-z, 0-9, '.', '_', '@', '-'", null);
        answers.put(
                ApiDocs.name(ApiDocs.PROFILE_BAD_REQUEST),
                ErrorAnswers.error(
                        "The slug or the profile is invalid; `field` names the culprit",
                        ErrorAnswers.example("invalid_field", ErrorAnswers.SLUG_RULE, "companySlug"),
                        ErrorAnswers.example("malformed_json", "The body is not well-formed JSON", null),
                        ErrorAnswers.example(
                                "unknown_field",
                                "Unknown field; a profile has assistantId, engine, instructions, model, options,"
                                        + " promptId",
                                "assistant"),
                        ErrorAnswers.example("missing_field", "engine is required", "engine"),
                        ErrorAnswers.example(
                                "missing_field", "model or promptId is required for the responses engine", "model")));
        answers.put(
                ApiDocs.name(ApiDocs.ADMIN_UNAUTHORIZED),
                ErrorAnswers.challenge(
                        "No admin token, or a wrong one",
                        ErrorAnswers.example(
                                "missing_credentials", "The admin API needs Authorization: Bearer <admin token>", null),
                        ErrorAnswers.example("invalid_admin_token", "The admin token is not valid", null)));
        answers.put(
                ApiDocs.name(ApiDocs.ADMIN_API_ABSENT),
                ErrorAnswers.error("No admin token is configured, so the admin API does not exist", adminAbsent));
        answers.put(
                ApiDocs.name(ApiDocs.ADMIN_UNKNOWN_COMPANY),
                ErrorAnswers.error(
                        "No such company (or no admin API at all)",
                        ErrorAnswers.example("unknown_company", "No such company", null),
                        adminAbsent));
        answers.put(
                ApiDocs.name(ApiDocs.DEAD_LETTER_FILTER_BAD_REQUEST),
                ErrorAnswers.error(
                        "A filter, the limit or the cursor is unknown or invalid; `field` names it",
                        ErrorAnswers.example("unknown_filter", "Unknown filter 'compnay'", "compnay"),
                        ErrorAnswers.example("invalid_filter", "The company slug " + CompanySlug.RULE, "company"),
                        ErrorAnswers.example(
                                "invalid_filter",
                                "from must be an ISO-8601 instant, such as 2026-01-31T12:00:00Z",
                                "from"),
                        ErrorAnswers.example("invalid_filter", "limit must be a whole number from 1 to 200", "limit"),
                        ErrorAnswers.example("invalid_cursor", "The cursor is not one this API returned", "cursor")));
        answers.put(
                ApiDocs.name(ApiDocs.REPLAY_BAD_REQUEST),
                ErrorAnswers.error(
                        "The replay body is malformed, names an unknown field or holds a bad value; `field` names it",
                        ErrorAnswers.example("malformed_request", "The body is not well-formed JSON", null),
                        ErrorAnswers.example("unknown_field", "Unknown field 'dryrun'", "dryrun"),
                        ErrorAnswers.example("invalid_field", "Give either ids or filter", "ids"),
                        ErrorAnswers.example("invalid_filter", "Unknown filter 'compnay'", "compnay"),
                        invalidOperator));
        answers.put(
                ApiDocs.name(ApiDocs.DISCARD_BAD_REQUEST),
                ErrorAnswers.error(
                        "The discard body is malformed or has no reason",
                        ErrorAnswers.example("malformed_request", "The body must be {\"reason\": \"...\"}", null),
                        ErrorAnswers.example("unknown_field", "Unknown field 'why'", "why"),
                        ErrorAnswers.example("missing_field", "A discard needs a reason", "reason"),
                        invalidOperator));
        answers.put(
                ApiDocs.name(ApiDocs.UNKNOWN_DEAD_LETTER),
                ErrorAnswers.error(
                        "No dead letter of this request (or no admin API at all)",
                        ErrorAnswers.example("unknown_dead_letter", "No dead letter with this id", null),
                        adminAbsent));
        answers.put(
                ApiDocs.name(ApiDocs.ALREADY_RESOLVED),
                ErrorAnswers.error(
                        "The dead letter was replayed or discarded already, or failed again since it was shown",
                        ErrorAnswers.example(
                                "already_resolved",
                                "The dead letter was already replayed or discarded, or failed again meanwhile",
                                null)));
        return answers;
    }
}
