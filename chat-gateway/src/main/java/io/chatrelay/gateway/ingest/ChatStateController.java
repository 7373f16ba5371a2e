package io.chatrelay.gateway.ingest;

import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.RequestStatus;
import io.chatrelay.gateway.api.ApiException;
import io.chatrelay.gateway.auth.Caller;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where accepted requests stand: a request's state, its cancel, and the turns of a conversation. A caller sees only
 * its own company's requests.
 */
@RestController
class ChatStateController {

    private final RequestLedger ledger;

    ChatStateController(RequestLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/v1/conversations/{conversationId}/messages")
    Mono<Map<String, Object>> conversation(@PathVariable String conversationId, ServerWebExchange exchange) {
        Caller caller = Caller.of(exchange);
        return ledger.conversation(conversationId)
                .concatMap(requestId -> ledger.state(requestId)
                        .filter(state -> caller.actsFor(state.get(RequestStateFields.COMPANY)))
                        .map(state -> ChatView.of(requestId, state)))
                .collectList()
                .filter(turns -> !turns.isEmpty())
                .switchIfEmpty(Mono.error(ApiException.notFound("unknown_conversation", "No such conversation")))
                .map(turns -> Map.of("conversationId", conversationId, "messages", turns));
    }

    @GetMapping("/v1/chats/{requestId}")
    Mono<ChatView> state(@PathVariable String requestId, ServerWebExchange exchange) {
        return knownState(requestId, Caller.of(exchange)).map(state -> ChatView.of(requestId, state));
    }

    @PostMapping("/v1/chats/{requestId}/cancel")
    Mono<ResponseEntity<Map<String, String>>> cancel(@PathVariable String requestId, ServerWebExchange exchange) {
        return knownState(requestId, Caller.of(exchange)).flatMap(state -> {
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

    /**
     * The state of a request the caller may see. Another company's request is answered 404 like an unknown one, so
     * that request ids of other tenants cannot be told to exist.
     */
    private Mono<Map<String, String>> knownState(String requestId, Caller caller) {
        return ledger.state(requestId)
                .filter(state -> caller.actsFor(state.get(RequestStateFields.COMPANY)))
                .switchIfEmpty(Mono.error(ApiException.notFound("unknown_request", "No such request")));
    }
}
