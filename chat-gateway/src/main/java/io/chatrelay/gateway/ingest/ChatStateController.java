package io.chatrelay.gateway.ingest;

import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.RequestStatus;
import io.chatrelay.gateway.api.ApiDocs;
import io.chatrelay.gateway.api.ApiException;
import io.chatrelay.gateway.auth.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where accepted requests stand: a request's state, its cancel, and the turns of a conversation. A caller sees only
 * its own company's requests.
 */
@RestController
@Tag(name = "chats")
@SecurityRequirement(name = ApiDocs.COMPANY_KEY)
class ChatStateController {

    private final RequestLedger ledger;

    ChatStateController(RequestLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/v1/conversations/{conversationId}/messages")
    @Operation(summary = "The turns of a conversation, in order, a page at a time")
    @ApiResponse(
            responseCode = "200",
            description =
                    "A page of the caller's turns of the conversation, oldest first, and where the next page starts",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ConversationView.class),
                            examples = @ExampleObject(name = "two turns", value = ChatExamples.CONVERSATION)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.PAGE_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_CONVERSATION)
    Mono<ConversationView> conversation(
            @PathVariable String conversationId,
            @Parameter(description = "position of the first turn, from 0 (the oldest); default 0")
                    @RequestParam(required = false)
                    String from,
            @Parameter(
                            description = "turns per page, 1 to " + TurnPage.MAX_LIMIT + "; default "
                                    + TurnPage.DEFAULT_LIMIT)
                    @RequestParam(required = false)
                    String limit,
            ServerWebExchange exchange) {
        Caller caller = Caller.of(exchange);
        TurnPage page = TurnPage.of(from, limit);
        // One more than the page, to tell whether another page follows.
        return ledger.conversation(conversationId, page.from(), page.limit() + 1L)
                .collectList()
                .flatMap(ids -> Flux.fromIterable(ids.subList(0, Math.min(ids.size(), page.limit())))
                        .concatMap(requestId -> ledger.state(requestId)
                                .filter(state -> caller.actsFor(state.get(RequestStateFields.COMPANY)))
                                .map(state -> ChatView.of(requestId, state)))
                        .collectList()
                        .filter(turns -> !turns.isEmpty() || page.from() > 0)
                        .map(turns -> new ConversationView(
                                conversationId, turns, ids.size() > page.limit() ? page.from() + page.limit() : null)))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("unknown_conversation", "No such conversation")));
    }

    @GetMapping("/v1/chats/{requestId}")
    @Operation(summary = "Where a request stands: its state, message, answer or error, and timestamps")
    @ApiResponse(
            responseCode = "200",
            description = "The request's state",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ChatView.class),
                            examples = {
                                @ExampleObject(name = "completed", value = ChatExamples.COMPLETED),
                                @ExampleObject(name = "failed", value = ChatExamples.FAILED)
                            }))
    @ApiResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_REQUEST)
    Mono<ChatView> state(@PathVariable String requestId, ServerWebExchange exchange) {
        return knownState(requestId, Caller.of(exchange)).map(state -> ChatView.of(requestId, state));
    }

    @PostMapping(path = "/v1/chats/{requestId}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Cancel a request",
            description = "Sets the request's cancel flag and tells the workers; its events end with cancelled (or"
                    + " with whatever final event came first).")
    @ApiResponse(
            responseCode = "202",
            description = "The workers were told",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = CancelRequested.class),
                            examples =
                                    @ExampleObject(name = "cancel requested", value = ChatExamples.CANCEL_REQUESTED)))
    @ApiResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_REQUEST)
    @ApiResponse(responseCode = "406", ref = ApiDocs.NOT_ACCEPTABLE)
    @ApiResponse(responseCode = "409", ref = ApiDocs.ALREADY_FINISHED)
    Mono<ResponseEntity<CancelRequested>> cancel(@PathVariable String requestId, ServerWebExchange exchange) {
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
                    .thenReturn(ResponseEntity.accepted().body(CancelRequested.of(requestId)));
        });
    }

    /**
     * The state of a request the caller may see. Another company's request is answered 404 like an unknown one, so
     * that request ids of other tenants cannot be told to exist.
     */
    private Mono<Map<String, String>> knownState(String requestId, Caller caller) {
        return ledger.state(requestId)
                .filter(state -> caller.actsFor(state.get(RequestStateFields.COMPANY)))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("unknown_request", "No such request")));
    }
}
