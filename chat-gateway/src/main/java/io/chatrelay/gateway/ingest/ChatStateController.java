package io.chatrelay.gateway.ingest;

import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.RequestStatus;
import io.chatrelay.gateway.api.ApiException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Where accepted requests stand: a request's state, its cancel, and the turns of a conversation. */
@RestController
class ChatStateController {

    private final RequestLedger ledger;

    ChatStateController(RequestLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/v1/conversations/{conversationId}/messages")
    Mono<Map<String, Object>> conversation(@PathVariable String conversationId) {
        return ledger.conversation(conversationId)
                .concatMap(requestId -> ledger.state(requestId).map(state -> ChatView.of(requestId, state)))
                .collectList()
                .filter(turns -> !turns.isEmpty())
                .switchIfEmpty(Mono.error(ApiException.notFound("unknown_conversation", "No such conversation")))
                .map(turns -> Map.of("conversationId", conversationId, "messages", turns));
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

    private Mono<Map<String, String>> knownState(String requestId) {
        return ledger.state(requestId)
                .switchIfEmpty(Mono.error(ApiException.notFound("unknown_request", "No such request")));
    }
}
