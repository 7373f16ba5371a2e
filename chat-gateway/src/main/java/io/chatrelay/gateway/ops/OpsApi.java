package io.chatrelay.gateway.ops;

import io.chatrelay.gateway.api.ApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/** The dead-letter API as its description shows it; {@link OpsController} serves it. */
@Tag(name = "dead letters", description = "Browse, replay and discard dead letters, behind the admin token")
@SecurityRequirement(name = ApiDocs.ADMIN_TOKEN)
interface OpsApi {

    /**
     * A page of dead letters.
     *
     * @param items the entries, newest failure first
     * @param nextCursor pass as {@code cursor} for the next page; null at the end
     */
    record Page(
            List<DeadLetterView> items,
            @Schema(types = {"string", "null"}) String nextCursor) {}

    /**
     * The newest entries of the audit trail.
     *
     * @param items the entries, newest first
     */
    record AuditPage(List<AuditTrail.Entry> items) {}

    /** The body of a replay, for the description only: {@link ReplayRequestParser} reads it field by field. */
    @Schema(name = "ReplayRequest", description = "Replay by ids or by filter, never both; unknown fields are refused")
    record ReplayRequest(
            @Schema(description = "Request ids of dead letters, at most maxCount")
            List<String> ids,

            @Schema(
                    description = "The list's criteria: company, category, upstreamStatus, upstreamCode, from,"
                            + " to, requestId, conversationId (never includeResolved)")
            Map<String, String> filter,

            @Schema(description = "true to see what would be replayed, changing nothing; default false")
            Boolean dryRun,

            @Schema(description = "Replays per second, above 0 and at most 1000; default as fast as Kafka takes them")
            Double ratePerSecond,

            @Schema(description = "The most dead letters to replay, 1 to max-replay")
            Integer maxCount) {}

    /** The body of a discard, for the description only. */
    @Schema(name = "DiscardRequest")
    record DiscardRequest(
            @Schema(
                    requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "Why, for the audit trail; at most 500 characters")
            String reason) {}

    @Operation(
            summary = "Dead letters, newest failure first",
            description = "Open ones only, unless includeResolved=true. A page reads at most scan-limit entries.")
    @Parameter(in = ParameterIn.QUERY, name = "company", description = "A company slug")
    @Parameter(in = ParameterIn.QUERY, name = "category", description = "A failure category, such as quota_exceeded")
    @Parameter(in = ParameterIn.QUERY, name = "upstreamStatus", description = "The upstream HTTP status")
    @Parameter(in = ParameterIn.QUERY, name = "upstreamCode", description = "The upstream error code")
    @Parameter(in = ParameterIn.QUERY, name = "from", description = "ISO-8601 instant; last failure at or after it")
    @Parameter(in = ParameterIn.QUERY, name = "to", description = "ISO-8601 instant; last failure at or before it")
    @Parameter(in = ParameterIn.QUERY, name = "requestId", description = "One request")
    @Parameter(in = ParameterIn.QUERY, name = "conversationId", description = "One conversation")
    @Parameter(
            in = ParameterIn.QUERY,
            name = "includeResolved",
            description = "true to list replayed and discarded ones too")
    @Parameter(in = ParameterIn.QUERY, name = "limit", description = "1 to max-page-size (200), default 50")
    @Parameter(in = ParameterIn.QUERY, name = "cursor", description = "The nextCursor of the previous page")
    @ApiResponse(
            responseCode = "200",
            description = "A page of dead letters",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = Page.class),
                            examples = @ExampleObject(name = "page", value = OpsExamples.PAGE)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.DEAD_LETTER_FILTER_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.ADMIN_API_ABSENT)
    Mono<Page> list(Map<String, String> query);

    @Operation(summary = "The audit trail of replays and discards, newest first")
    @ApiResponse(
            responseCode = "200",
            description = "The newest audit entries",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = AuditPage.class),
                            examples = @ExampleObject(name = "audit", value = OpsExamples.AUDIT)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.DEAD_LETTER_FILTER_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.ADMIN_API_ABSENT)
    Mono<AuditPage> audit(String limit);

    @Operation(summary = "One dead letter in full: the request, every header and its place in the topic")
    @ApiResponse(
            responseCode = "200",
            description = "The dead letter",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = DeadLetterView.class),
                            examples = @ExampleObject(name = "detail", value = OpsExamples.DETAIL)))
    @ApiResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_DEAD_LETTER)
    Mono<DeadLetterView> show(String id);

    @Operation(
            summary = "Replay dead letters by id or by filter",
            description = "Open, readable ones only, in dead-letter-topic order, back to chat.requests with the replay"
                    + " count raised. Answers once Kafka took them. A dry run changes nothing.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ReplayRequest.class),
                            examples = {
                                @ExampleObject(name = "byFilter", value = OpsExamples.REPLAY_BY_FILTER),
                                @ExampleObject(name = "byIdsDryRun", value = OpsExamples.REPLAY_BY_IDS)
                            }))
    @ApiResponse(
            responseCode = "200",
            description = "What happened to each request",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = Replays.Result.class),
                            examples = @ExampleObject(name = "replayed", value = OpsExamples.REPLAYED)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REPLAY_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.ADMIN_API_ABSENT)
    @ApiResponse(responseCode = "406", ref = ApiDocs.NOT_ACCEPTABLE)
    @ApiResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    Mono<Replays.Result> replay(String body, String operator);

    @Operation(summary = "Discard a dead letter with a reason", description = "It leaves the default list.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = DiscardRequest.class),
                            examples = @ExampleObject(name = "discard", value = OpsExamples.DISCARD)))
    @ApiResponse(
            responseCode = "200",
            description = "The dead letter, discarded",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = DeadLetterView.class),
                            examples = @ExampleObject(name = "discarded", value = OpsExamples.DISCARDED)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.DISCARD_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_DEAD_LETTER)
    @ApiResponse(responseCode = "406", ref = ApiDocs.NOT_ACCEPTABLE)
    @ApiResponse(responseCode = "409", ref = ApiDocs.ALREADY_RESOLVED)
    @ApiResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    Mono<DeadLetterView> discard(String id, String body, String operator);
}
