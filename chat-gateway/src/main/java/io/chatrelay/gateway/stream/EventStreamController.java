package io.chatrelay.gateway.stream;

import io.chatrelay.gateway.api.ApiDocs;
import io.chatrelay.gateway.api.ApiException;
import io.chatrelay.gateway.auth.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "chats")
class EventStreamController {

    /** The endpoint's path pattern, which the HTTP server observation also matches ({@link StreamConfiguration}). */
    static final String PATH = "/v1/chats/{requestId}/events";

    private final EventStream stream;

    EventStreamController(EventStream stream) {
        this.stream = stream;
    }

    @GetMapping(path = PATH, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Follow a request's events over Server-Sent Events",
            description = "id: is the event's seq, event: its type, data: the event as JSON. Replays the history"
                    + " after Last-Event-ID, then relays live events with no gap and no duplicate; a heartbeat"
                    + " comment every 15 s; closes after the final event (completed, failed, cancelled,"
                    + " dead_lettered). history_lost says the history expired; too_slow (then close) says the client"
                    + " fell behind its buffer and should reconnect with Last-Event-ID. Neither signal has an id.",
            security = {
                @SecurityRequirement(name = ApiDocs.COMPANY_KEY),
                @SecurityRequirement(name = ApiDocs.STREAM_TOKEN)
            })
    @Parameter(
            name = "token",
            in = ParameterIn.QUERY,
            description = "With auth enabled and no API key: the streamToken of the request's 202, for browsers whose"
                    + " EventSource cannot send a header. Good for this request's events only, until it expires.",
            schema = @Schema(type = "string"),
            example = "acme.1795771800.dC1fY2xJm5lWnq0uOQ8p3sMZ1Zr0kz3H1kJp2Vn4bXo")
    @ApiResponse(
            responseCode = "200",
            description = "The event stream",
            content =
                    @Content(
                            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(type = "string"),
                            examples = @ExampleObject(name = "a completed request", value = ApiDocs.EVENTS_EXAMPLE)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.LAST_EVENT_ID_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.STREAM_UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_REQUEST)
    Flux<ServerSentEvent<String>> events(
            @PathVariable String requestId,
            @Parameter(description = "The seq of the last event received: resume after it", example = "3")
                    @RequestHeader(name = "Last-Event-ID", required = false)
                    String lastEventIdHeader,
            @Parameter(description = "As Last-Event-ID, for a first connect that cannot set the header", example = "3")
                    @RequestParam(name = "lastEventId", required = false)
                    String lastEventIdParam,
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
