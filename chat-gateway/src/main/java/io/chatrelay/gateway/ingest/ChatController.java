package io.chatrelay.gateway.ingest;

import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.RequestStatus;
import io.chatrelay.gateway.api.ApiException;
import io.chatrelay.gateway.limit.CompanyRateLimiter;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/chats}: submit a message, read a request's state, cancel it. */
@RestController
class ChatController {

    private final ChatSubmissionParser parser;
    private final CompanyRateLimiter rateLimiter;
    private final ChatIntake intake;
    private final RequestLedger ledger;

    ChatController(
            ChatSubmissionParser parser, CompanyRateLimiter rateLimiter, ChatIntake intake, RequestLedger ledger) {
        this.parser = parser;
        this.rateLimiter = rateLimiter;
        this.intake = intake;
        this.ledger = ledger;
    }

    @PostMapping(path = "/v1/chats", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<ChatAccepted>> submit(
            @RequestBody(required = false) String body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return Mono.fromCallable(() -> parser.parse(body))
                .flatMap(submission -> rateLimiter
                        .take(submission.companySlug())
                        .flatMap(wait -> wait.isZero()
                                ? intake.accept(submission, validKey(idempotencyKey), body)
                                : Mono.error(ApiException.tooManyRequests("Too many requests for this company", wait))))
                .map(request -> {
                    ChatAccepted accepted = ChatAccepted.of(request.requestId(), request.conversationId());
                    return ResponseEntity.accepted()
                            .location(URI.create(accepted.links().self()))
                            .body(accepted);
                });
    }

    @GetMapping("/v1/chats/{requestId}")
    Mono<ChatView> state(@PathVariable String requestId) {
        return knownState(requestId).map(state -> ChatView.of(requestId, state));
    }

    @PostMapping("/v1/chats/{requestId}/cancel")
    Mono<ResponseEntity<Map<String, String>>> cancel(@PathVariable String requestId) {
        return knownState(requestId).flatMap(state -> {
            String status = state.get(RequestStateFields.STATUS);
            boolean finished = RequestStatus.fromWireName(status)
                    .map(RequestStatus::terminal)
                    .orElse(false);
            if (finished) {
                return Mono.error(ApiException.of(
                        HttpStatus.CONFLICT, "already_finished", "The request already ended as " + status, null));
            }
            return ledger.requestCancel(requestId)
                    .thenReturn(ResponseEntity.accepted()
                            .body(Map.of("requestId", requestId, "status", "cancel_requested")));
        });
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

    private Mono<Map<String, String>> knownState(String requestId) {
        return ledger.state(requestId)
                .switchIfEmpty(Mono.error(ApiException.notFound("unknown_request", "No such request")));
    }
}
