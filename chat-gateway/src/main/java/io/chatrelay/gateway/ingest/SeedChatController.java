package io.chatrelay.gateway.ingest;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.RequestStatus;
import io.chatrelay.gateway.api.ApiDocs;
import io.chatrelay.gateway.api.ApiException;
import io.chatrelay.gateway.auth.Caller;
import io.chatrelay.gateway.stream.RequestEnds;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/chat} with the original system's request and answer shapes, for clients written against it. The
 * message goes through Kafka and the workers like any other; the answer waits for the request to finish. The
 * {@code threadId} is our conversation id.
 */
@RestController
@Tag(name = "original API", description = "The original system's endpoints, in its request and answer shapes")
@SecurityRequirement(name = ApiDocs.COMPANY_KEY)
class SeedChatController {

    /** How long {@code /api/chat} holds the connection for the answer, as the original handler did. */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(120);

    private final ChatSubmissionParser parser;
    private final ChatIntake intake;
    private final RequestEnds ends;

    SeedChatController(ChatSubmissionParser parser, ChatIntake intake, RequestEnds ends) {
        this.parser = parser;
        this.intake = intake;
        this.ends = ends;
    }

    @PostMapping("/api/chat")
    @Operation(
            summary = "Send a message and wait for the answer (original shape)",
            description = "Runs through Kafka and the workers like POST /v1/chats, holding the connection until the"
                    + " request finished (at most 120 s). threadId is our conversation id.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = SeedChatBody.class),
                            examples = @ExampleObject(name = "next turn", value = ChatExamples.SEED_CHAT)))
    @ApiResponse(
            responseCode = "200",
            description = "The answer; assistantId is the profile's assistant id, or its model",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schemaProperties = {
                                @SchemaProperty(name = "response", schema = @Schema(type = "string")),
                                @SchemaProperty(name = "threadId", schema = @Schema(type = "string")),
                                @SchemaProperty(name = "assistantId", schema = @Schema(type = "string"))
                            },
                            examples = @ExampleObject(name = "answer", value = ChatExamples.SEED_ANSWER)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.SEED_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.SEED_UNAUTHORIZED)
    @ApiResponse(responseCode = "403", ref = ApiDocs.SEED_FORBIDDEN)
    @ApiResponse(responseCode = "404", ref = ApiDocs.SEED_NOT_FOUND)
    @ApiResponse(responseCode = "405", ref = ApiDocs.SEED_METHOD_NOT_ALLOWED)
    @ApiResponse(responseCode = "409", ref = ApiDocs.SEED_CONFLICT)
    @ApiResponse(responseCode = "413", ref = ApiDocs.SEED_TOO_LARGE)
    @ApiResponse(responseCode = "429", ref = ApiDocs.SEED_RATE_LIMITED)
    @ApiResponse(responseCode = "500", ref = ApiDocs.SEED_FAILED)
    @ApiResponse(responseCode = "503", ref = ApiDocs.SEED_UNAVAILABLE)
    Mono<ResponseEntity<Map<String, Object>>> chat(
            @RequestBody(required = false) String body, ServerWebExchange exchange) {
        ChatSubmission submission = SeedChatReader.read(body, Caller.of(exchange));
        return accept(submission)
                .flatMap(accepted -> answer(
                        accepted.requestId(),
                        accepted.conversationId(),
                        ChatCodec.instance().readProfile(accepted.profile())))
                .onErrorResume(
                        ApiException.class,
                        e -> Mono.just(
                                SeedFailure.of(e, submission.conversationId()).answer()));
    }

    /**
     * The streaming variant: {@code data:} frames {threadId}, then {status} on each change, then {status: completed,
     * response, threadId} or {error, threadId}. Bad input is answered as by {@code /api/chat}, before any stream.
     */
    @PostMapping("/api/chat-stream")
    @Operation(
            summary = "Send a message and follow it over SSE (original shape)",
            description = "data: frames {threadId}, then {status} on each change, then {status: completed, response,"
                    + " threadId} or {error, threadId}. Bad input is answered before any stream starts.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = SeedChatBody.class),
                            examples = @ExampleObject(name = "next turn", value = ChatExamples.SEED_CHAT)))
    @ApiResponse(
            responseCode = "200",
            description = "The request's progress as data: frames, ending with the answer or the error",
            content =
                    @Content(
                            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(type = "string"),
                            examples = @ExampleObject(name = "completed", value = ChatExamples.SEED_STREAM)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.SEED_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.SEED_UNAUTHORIZED)
    @ApiResponse(responseCode = "403", ref = ApiDocs.SEED_FORBIDDEN)
    @ApiResponse(responseCode = "404", ref = ApiDocs.SEED_NOT_FOUND)
    @ApiResponse(responseCode = "405", ref = ApiDocs.SEED_METHOD_NOT_ALLOWED)
    @ApiResponse(responseCode = "409", ref = ApiDocs.SEED_CONFLICT)
    @ApiResponse(responseCode = "413", ref = ApiDocs.SEED_TOO_LARGE)
    @ApiResponse(responseCode = "429", ref = ApiDocs.SEED_RATE_LIMITED)
    @ApiResponse(responseCode = "503", ref = ApiDocs.SEED_UNAVAILABLE)
    Mono<ResponseEntity<Flux<ServerSentEvent<Map<String, Object>>>>> chatStream(
            @RequestBody(required = false) String body, ServerWebExchange exchange) {
        ChatSubmission submission = SeedChatReader.read(body, Caller.of(exchange));
        return accept(submission)
                .onErrorMap(ApiException.class, e -> SeedFailure.of(e, submission.conversationId()))
                .map(request -> ResponseEntity.ok()
                        .contentType(MediaType.TEXT_EVENT_STREAM)
                        .body(frames(request.requestId(), request.conversationId())));
    }

    /** Accepts a submission as {@code POST /v1/chats} does: the same message limit, the same rate limit. */
    private Mono<ChatIntake.SeedAccepted> accept(ChatSubmission submission) {
        return Mono.defer(() -> {
            parser.refuseTooLarge(submission.message());
            return intake.accept(submission);
        });
    }

    /** Bad input and refusals, in the original system's shape, before any answer or stream started. */
    @ExceptionHandler
    ResponseEntity<Map<String, Object>> on(SeedFailure failure) {
        return failure.answer();
    }

    private Flux<ServerSentEvent<Map<String, Object>>> frames(String requestId, String threadId) {
        Flux<Map<String, Object>> statuses = ends.states(requestId, ANSWER_WAIT)
                .distinctUntilChanged(state -> state.get(RequestStateFields.STATUS))
                .map(state -> {
                    String status = state.get(RequestStateFields.STATUS);
                    if (RequestStatus.COMPLETED.wireName().equals(status)) {
                        return Map.<String, Object>of(
                                "status", status,
                                "response", state.getOrDefault(RequestStateFields.ANSWER, ""),
                                "threadId", threadId);
                    }
                    if (RequestEnds.finished(state)) {
                        return Map.<String, Object>of(
                                "error",
                                state.getOrDefault(RequestStateFields.ERROR_MESSAGE, "The request " + status),
                                "threadId",
                                threadId);
                    }
                    return Map.<String, Object>of("status", status);
                });
        return Flux.concat(Flux.just(Map.<String, Object>of("threadId", threadId)), statuses)
                .map(data -> ServerSentEvent.builder(data).build());
    }

    /** Described as the 405 of the POST operations rather than as operations of their own. */
    @Hidden
    @RequestMapping(
            path = {"/api/chat", "/api/chat-stream"},
            method = {RequestMethod.GET, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE})
    ResponseEntity<Map<String, Object>> otherMethods() {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .header(HttpHeaders.ALLOW, "POST")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", "Method not allowed"));
    }

    private Mono<ResponseEntity<Map<String, Object>>> answer(
            String requestId, String threadId, AssistantProfile profile) {
        return ends.finalState(requestId, ANSWER_WAIT)
                .map(state -> {
                    if (RequestStatus.COMPLETED.wireName().equals(state.get(RequestStateFields.STATUS))) {
                        Map<String, Object> body = new HashMap<>();
                        body.put("response", state.getOrDefault(RequestStateFields.ANSWER, ""));
                        body.put("threadId", threadId);
                        body.put(
                                "assistantId", profile.assistantId() != null ? profile.assistantId() : profile.model());
                        return ResponseEntity.ok(body);
                    }
                    String reason = state.getOrDefault(RequestStateFields.ERROR_MESSAGE, "The request failed");
                    return new SeedFailure(HttpStatus.INTERNAL_SERVER_ERROR, reason, threadId).answer();
                })
                .defaultIfEmpty(
                        new SeedFailure(HttpStatus.INTERNAL_SERVER_ERROR, "Timed out waiting for the answer", threadId)
                                .answer());
    }
}
