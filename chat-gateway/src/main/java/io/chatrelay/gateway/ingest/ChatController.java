package io.chatrelay.gateway.ingest;

import io.chatrelay.gateway.api.ApiException;
import io.chatrelay.gateway.auth.Caller;
import io.chatrelay.gateway.auth.StreamTokens;
import io.chatrelay.gateway.stream.EventStream;
import io.chatrelay.gateway.stream.RequestEnds;
import io.swagger.v3.oas.annotations.Parameter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.accept.RequestedContentTypeResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/chats}: submit a message, answered 202 once Kafka holds it; or 200 with the request's final state
 * under {@code Prefer: wait}, or with its event stream when the client accepts {@code text/event-stream}.
 */
@RestController
class ChatController implements ChatApi {

    /** The longest {@code Prefer: wait} honoured; longer asks are cut to it. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);
    /** What the answer may be, as a 406 names it. */
    private static final String ANSWERS = "application/json, or text/event-stream when asked for explicitly";

    private final ChatSubmissionParser parser;
    private final ChatIntake intake;
    private final RequestEnds ends;
    private final EventStream events;
    private final StreamTokens streamTokens;
    private final RequestedContentTypeResolver accepts;

    ChatController(
            ChatSubmissionParser parser,
            ChatIntake intake,
            RequestEnds ends,
            EventStream events,
            StreamTokens streamTokens,
            RequestedContentTypeResolver accepts) {
        this.parser = parser;
        this.intake = intake;
        this.ends = ends;
        this.events = events;
        this.streamTokens = streamTokens;
        this.accepts = accepts;
    }

    @PostMapping(path = "/v1/chats", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Override
    public Mono<ResponseEntity<Object>> submit(
            @RequestBody(required = false) String body,
            @Parameter(
                            description = "RFC 7240 wait=N (N ≤ 60): answer 200 with the final state when it is ready"
                                    + " within N seconds, else 202 as usual",
                            example = "wait=10")
                    @RequestHeader(name = "Prefer", required = false)
                    String prefer,
            @Parameter(
                            description = "Same key and body within 24 h: the same request, published once; the same"
                                    + " key with another body: 422",
                            example = "order-4711-question-1")
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    String idempotencyKey,
            ServerWebExchange exchange) {
        Caller caller = Caller.of(exchange);
        boolean streaming = streaming(exchange);
        return Mono.fromCallable(() -> parser.parse(body))
                .map(submission -> forCaller(submission, caller))
                .flatMap(submission -> intake.accept(submission, validKey(idempotencyKey), body))
                .flatMap(request -> {
                    if (streaming) {
                        // The same stream as GET links.events, from its first event, on this connection: one request
                        // instead of two. A client that loses it resumes there with Last-Event-ID.
                        return Mono.just(ResponseEntity.ok()
                                .contentType(MediaType.TEXT_EVENT_STREAM)
                                .location(URI.create(ChatAccepted.self(request.requestId())))
                                .<Object>body(events.open(request.requestId(), -1, caller)));
                    }
                    String streamToken = switch (caller) {
                        case Caller.Anyone anyone -> null;
                        case Caller.Company company -> streamTokens.mint(request.requestId(), company.slug());
                    };
                    ChatAccepted accepted = ChatAccepted.of(request.requestId(), request.conversationId(), streamToken);
                    ResponseEntity<Object> later = ResponseEntity.accepted()
                            .location(URI.create(accepted.links().self()))
                            .body(accepted);
                    Duration wait = PreferWait.parse(prefer, MAX_WAIT);
                    if (wait.isZero()) {
                        return Mono.just(later);
                    }
                    return finished(request.requestId(), wait)
                            .map(view -> ResponseEntity.ok()
                                    .header("Preference-Applied", "wait=" + wait.toSeconds())
                                    .<Object>body(view))
                            .defaultIfEmpty(later);
                });
    }

    /**
     * Whether the client asks for the stream (an explicit {@code text/event-stream}) rather than the JSON answer, read
     * as every answer reads {@code Accept} ({@code api.UnreadableAccept}: one that does not parse counts as absent). An
     * {@code Accept} that admits neither is refused with 406 here, before anything is kept or published: answering so
     * after the accept would make the client send the chat again.
     */
    private boolean streaming(ServerWebExchange exchange) {
        List<MediaType> accepted = accepts.resolveMediaTypes(exchange).stream()
                .filter(type -> type.getQualityValue() > 0)
                .toList();
        if (accepted.stream().anyMatch(type -> type.equalsTypeAndSubtype(MediaType.TEXT_EVENT_STREAM))) {
            return true;
        }
        if (accepted.stream().noneMatch(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON))) {
            throw ApiException.notAcceptable(ANSWERS);
        }
        return false;
    }

    /** The request's view once it reached a final state within {@code wait}; empty otherwise. */
    private Mono<ChatView> finished(String requestId, Duration wait) {
        return ends.finalState(requestId, wait).map(state -> ChatView.of(requestId, state));
    }

    /** The submission when the caller may post for its company; 403 otherwise (the key is another company's). */
    private static ChatSubmission forCaller(ChatSubmission submission, Caller caller) {
        if (!caller.actsFor(submission.companySlug())) {
            throw ApiException.of(
                    HttpStatus.FORBIDDEN,
                    "company_mismatch",
                    "The API key belongs to another company than companySlug",
                    "companySlug");
        }
        return submission;
    }

    private static String validKey(String idempotencyKey) {
        if (idempotencyKey != null
                && !ChatSubmissionParser.CONVERSATION_ID.matcher(idempotencyKey).matches()) {
            throw ApiException.badRequest(
                    "invalid_field",
                    "Idempotency-Key must be 1-128 of A-Z, a-z, 0-9, '_', '.', ':' or '-'",
                    "Idempotency-Key");
        }
        return idempotencyKey;
    }
}
