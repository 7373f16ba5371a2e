package io.chatrelay.gateway.ingest;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.RequestStatus;
import io.chatrelay.gateway.api.ApiException;
import io.chatrelay.gateway.auth.Caller;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/chat} with the original system's request and answer shapes, for clients written against it. The
 * message goes through Kafka and the workers like any other; the answer waits for the request to finish. The
 * {@code threadId} is our conversation id.
 */
@RestController
class SeedChatController {

    /** How long {@code /api/chat} holds the connection for the answer, as the original handler did. */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(120);

    private static final Duration POLL = Duration.ofMillis(100);

    /** The 403 for a companySlug that is not the API key's company (auth enabled only). */
    private static final String OTHER_COMPANY = "The API key belongs to another company";

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final ChatIntake intake;
    private final RequestLedger ledger;

    SeedChatController(ChatIntake intake, RequestLedger ledger) {
        this.intake = intake;
        this.ledger = ledger;
    }

    @PostMapping("/api/chat")
    Mono<ResponseEntity<Map<String, Object>>> chat(
            @RequestBody(required = false) String body, ServerWebExchange exchange) {
        JsonNode root = read(body);
        String companySlug = text(root, "companySlug");
        String message = text(root, "message");
        String threadId = text(root, "threadId");
        if (companySlug == null || companySlug.isBlank() || message == null || message.isBlank()) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, "Company slug and message are required", null));
        }
        if (!ChatSubmissionParser.SLUG.matcher(companySlug).matches()
                || (threadId != null
                        && !ChatSubmissionParser.CONVERSATION_ID
                                .matcher(threadId)
                                .matches())) {
            return Mono.just(error(HttpStatus.NOT_FOUND, "No assistant found for this company", null));
        }
        if (!Caller.of(exchange).actsFor(companySlug)) {
            return Mono.just(error(HttpStatus.FORBIDDEN, OTHER_COMPANY, null));
        }
        return ledger.profile(companySlug)
                .map(stored -> ChatCodec.instance().readProfile(stored))
                .flatMap(profile -> intake.accept(new ChatSubmission(companySlug, message, threadId, Map.of()))
                        .flatMap(request -> answer(request.requestId(), request.conversationId(), profile)))
                .defaultIfEmpty(error(HttpStatus.NOT_FOUND, "No assistant found for this company", null))
                .onErrorResume(ApiException.class, e -> Mono.just(error(e.status(), e.getMessage(), threadId)));
    }

    /**
     * The streaming variant: {@code data:} frames {threadId}, then {status} on each change, then {status: completed,
     * response, threadId} or {error, threadId}. Bad input is answered as by {@code /api/chat}, before any stream.
     */
    @PostMapping("/api/chat-stream")
    Mono<ResponseEntity<Flux<ServerSentEvent<Map<String, Object>>>>> chatStream(
            @RequestBody(required = false) String body, ServerWebExchange exchange) {
        JsonNode root = read(body);
        String companySlug = text(root, "companySlug");
        String message = text(root, "message");
        String threadId = text(root, "threadId");
        if (companySlug == null || companySlug.isBlank() || message == null || message.isBlank()) {
            return Mono.error(new SeedFailure(HttpStatus.BAD_REQUEST, "Company slug and message are required", null));
        }
        if (!ChatSubmissionParser.SLUG.matcher(companySlug).matches()
                || (threadId != null
                        && !ChatSubmissionParser.CONVERSATION_ID
                                .matcher(threadId)
                                .matches())) {
            return Mono.error(new SeedFailure(HttpStatus.NOT_FOUND, "No assistant found for this company", null));
        }
        if (!Caller.of(exchange).actsFor(companySlug)) {
            return Mono.error(new SeedFailure(HttpStatus.FORBIDDEN, OTHER_COMPANY, null));
        }
        return ledger.profile(companySlug)
                .switchIfEmpty(
                        Mono.error(new SeedFailure(HttpStatus.NOT_FOUND, "No assistant found for this company", null)))
                .flatMap(stored -> intake.accept(new ChatSubmission(companySlug, message, threadId, Map.of())))
                .onErrorMap(ApiException.class, e -> new SeedFailure(e.status(), e.getMessage(), threadId))
                .map(request -> ResponseEntity.ok()
                        .contentType(MediaType.TEXT_EVENT_STREAM)
                        .body(frames(request.requestId(), request.conversationId())));
    }

    /** A failure answered in the seed's shape, {error, threadId?}, before any stream starts. */
    static final class SeedFailure extends RuntimeException {
        private final HttpStatus status;
        private final String threadId;

        SeedFailure(HttpStatus status, String message, String threadId) {
            super(message, null, false, false);
            this.status = status;
            this.threadId = threadId;
        }
    }

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> on(SeedFailure failure) {
        return error(failure.status, failure.getMessage(), failure.threadId);
    }

    private Flux<ServerSentEvent<Map<String, Object>>> frames(String requestId, String threadId) {
        Flux<Map<String, Object>> statuses = Flux.interval(Duration.ZERO, POLL)
                .onBackpressureDrop()
                .concatMap(tick -> ledger.state(requestId))
                .distinctUntilChanged(state -> state.get(RequestStateFields.STATUS))
                .takeUntil(SeedChatController::finished)
                .map(state -> {
                    String status = state.get(RequestStateFields.STATUS);
                    if (RequestStatus.COMPLETED.wireName().equals(status)) {
                        return Map.<String, Object>of(
                                "status", status,
                                "response", state.getOrDefault(RequestStateFields.ANSWER, ""),
                                "threadId", threadId);
                    }
                    if (finished(state)) {
                        return Map.<String, Object>of(
                                "error",
                                state.getOrDefault(RequestStateFields.ERROR_MESSAGE, "The request " + status),
                                "threadId",
                                threadId);
                    }
                    return Map.<String, Object>of("status", status);
                })
                .take(ANSWER_WAIT);
        return Flux.concat(Flux.just(Map.<String, Object>of("threadId", threadId)), statuses)
                .map(data -> ServerSentEvent.builder(data).build());
    }

    private static boolean finished(Map<String, String> state) {
        return RequestStatus.fromWireName(state.get(RequestStateFields.STATUS))
                .map(RequestStatus::terminal)
                .orElse(false);
    }

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
        return Flux.interval(Duration.ZERO, POLL)
                .onBackpressureDrop()
                .concatMap(tick -> ledger.state(requestId))
                .filter(state -> RequestStatus.fromWireName(state.get(RequestStateFields.STATUS))
                        .map(RequestStatus::terminal)
                        .orElse(false))
                .next()
                .take(ANSWER_WAIT)
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
                    return error(HttpStatus.INTERNAL_SERVER_ERROR, reason, threadId);
                })
                .defaultIfEmpty(error(HttpStatus.INTERNAL_SERVER_ERROR, "Timed out waiting for the answer", threadId));
    }

    private JsonNode read(String body) {
        try {
            return body == null ? null : mapper.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root == null ? null : root.get(field);
        return node != null && node.isString() ? node.stringValue() : null;
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message, String threadId) {
        Map<String, Object> body = new HashMap<>();
        body.put("error", message);
        if (threadId != null) {
            body.put("threadId", threadId);
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }
}
