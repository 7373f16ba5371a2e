package io.chatrelay.gateway.seed;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.RequestStatus;
import io.chatrelay.gateway.api.ApiException;
import io.chatrelay.gateway.auth.Caller;
import io.chatrelay.gateway.ingest.ChatIntake;
import io.chatrelay.gateway.ingest.ChatSubmission;
import io.chatrelay.gateway.ingest.ChatSubmissionParser;
import io.chatrelay.gateway.stream.RequestEnds;
import io.swagger.v3.oas.annotations.Hidden;
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
class SeedChatController implements SeedChatApi {

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
    @Override
    public Mono<ResponseEntity<Map<String, Object>>> chat(
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
    @Override
    public Mono<ResponseEntity<Flux<ServerSentEvent<Map<String, Object>>>>> chatStream(
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
                        // JSON whatever the client accepts, as the original handler answered: a 406 now would
                        // come after the chat ran.
                        return ResponseEntity.ok()
                                .contentType(MediaType.APPLICATION_JSON)
                                .body(body);
                    }
                    String reason = state.getOrDefault(RequestStateFields.ERROR_MESSAGE, "The request failed");
                    return new SeedFailure(HttpStatus.INTERNAL_SERVER_ERROR, reason, threadId).answer();
                })
                .defaultIfEmpty(
                        new SeedFailure(HttpStatus.INTERNAL_SERVER_ERROR, "Timed out waiting for the answer", threadId)
                                .answer());
    }
}
