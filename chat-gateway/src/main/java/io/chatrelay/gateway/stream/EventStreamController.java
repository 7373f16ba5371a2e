package io.chatrelay.gateway.stream;

import io.chatrelay.gateway.api.ApiException;
import io.chatrelay.gateway.auth.Caller;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;

/** {@code GET /v1/chats/{requestId}/events}: a request's events over SSE, resumable with Last-Event-ID. */
@RestController
class EventStreamController {

    private final EventStream stream;

    EventStreamController(EventStream stream) {
        this.stream = stream;
    }

    @GetMapping(path = "/v1/chats/{requestId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> events(
            @PathVariable String requestId,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(name = "lastEventId", required = false) String lastEventIdParam,
            ServerWebExchange exchange) {
        // Browsers send the header on automatic reconnects; the parameter serves a client's first connect.
        String lastEventId = lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam;
        return stream.open(requestId, parse(lastEventId), Caller.of(exchange));
    }

    private static long parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(lastEventId.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_field", "Last-Event-ID must be an event seq", "Last-Event-ID");
        }
    }
}
