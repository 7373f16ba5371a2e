package io.chatrelay.gateway.ingest;

import io.chatrelay.gateway.api.ApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The chat API as its description shows it; {@link ChatController} serves it. */
@Tag(name = "chats", description = "Submit chat messages and see where they stand")
@SecurityRequirement(name = ApiDocs.COMPANY_KEY)
interface ChatApi {

    @Operation(
            summary = "Submit a chat message",
            description = "Validates, rate-limits and records the message, publishes it to chat.requests and answers"
                    + " 202 once Kafka acknowledged it. A worker runs it as the next turn of its conversation (a new"
                    + " one when conversationId is absent); follow it at links.events.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ChatSubmission.class),
                            examples = {
                                @ExampleObject(name = "new conversation", value = ChatExamples.SUBMISSION),
                                @ExampleObject(name = "next turn", value = ChatExamples.SUBMISSION_IN_CONVERSATION)
                            }))
    @ApiResponse(
            responseCode = "202",
            description = "Kafka holds the request; streamToken only with auth enabled",
            headers =
                    @Header(name = "Location", description = "The request's state", schema = @Schema(type = "string")),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ChatAccepted.class),
                            examples = @ExampleObject(name = "accepted", value = ChatExamples.ACCEPTED)))
    @ApiResponse(
            responseCode = "200",
            description = "With Prefer: wait=N, the request reached a final state within N seconds (JSON). With"
                    + " Accept: text/event-stream, Kafka holds the request and this is its event stream from the"
                    + " accepted event on, as GET /v1/chats/{requestId}/events gives it (resume there with"
                    + " Last-Event-ID); Prefer: wait does not apply",
            headers = {
                @Header(name = "Preference-Applied", schema = @Schema(type = "string", example = "wait=10")),
                @Header(name = "Location", description = "The request's state", schema = @Schema(type = "string"))
            },
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                        schema = @Schema(implementation = ChatView.class),
                        examples = {
                            @ExampleObject(name = "completed", value = ChatExamples.COMPLETED),
                            @ExampleObject(name = "failed", value = ChatExamples.FAILED)
                        }),
                @Content(
                        mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                        schema = @Schema(type = "string"),
                        examples = @ExampleObject(name = "streamed", value = ApiDocs.EVENTS_EXAMPLE))
            })
    @ApiResponse(responseCode = "400", ref = ApiDocs.CHAT_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "403", ref = ApiDocs.COMPANY_MISMATCH)
    @ApiResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_COMPANY)
    @ApiResponse(responseCode = "405", ref = ApiDocs.METHOD_NOT_ALLOWED)
    @ApiResponse(responseCode = "406", ref = ApiDocs.NOT_ACCEPTABLE)
    @ApiResponse(responseCode = "409", ref = ApiDocs.CHAT_CONFLICT)
    @ApiResponse(responseCode = "413", ref = ApiDocs.MESSAGE_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "422", ref = ApiDocs.IDEMPOTENCY_KEY_REUSED)
    @ApiResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @ApiResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    Mono<ResponseEntity<Object>> submit(String body, String prefer, String idempotencyKey, ServerWebExchange exchange);
}
