package io.chatrelay.gateway.seed;

import io.chatrelay.gateway.api.ApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The original system's endpoints as their description shows them; {@link SeedChatController} serves them. */
@Tag(name = "original API", description = "The original system's endpoints, in its request and answer shapes")
@SecurityRequirement(name = ApiDocs.COMPANY_KEY)
interface SeedChatApi {

    @Operation(
            summary = "Send a message and wait for the answer (original shape)",
            description = "Runs through Kafka and the workers like POST /v1/chats, holding the connection until the"
                    + " request finished (at most 120 s). threadId is our conversation id.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = SeedChatBody.class),
                            examples = @ExampleObject(name = "next turn", value = SeedExamples.SEED_CHAT)))
    @ApiResponse(
            responseCode = "200",
            description = "The answer; assistantId is the profile's assistant id, or its model",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schemaProperties = {
                                @SchemaProperty(name = "response", schema = @Schema(type = "string")),
                                @SchemaProperty(name = "threadId", schema = @Schema(type = "string")),
                                @SchemaProperty(name = "assistantId", schema = @Schema(type = "string"))
                            },
                            examples = @ExampleObject(name = "answer", value = SeedExamples.SEED_ANSWER)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.SEED_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.SEED_UNAUTHORIZED)
    @ApiResponse(responseCode = "403", ref = ApiDocs.SEED_FORBIDDEN)
    @ApiResponse(responseCode = "404", ref = ApiDocs.SEED_NOT_FOUND)
    @ApiResponse(responseCode = "405", ref = ApiDocs.SEED_METHOD_NOT_ALLOWED)
    @ApiResponse(responseCode = "409", ref = ApiDocs.SEED_CONFLICT)
    @ApiResponse(responseCode = "413", ref = ApiDocs.SEED_TOO_LARGE)
    @ApiResponse(responseCode = "429", ref = ApiDocs.SEED_RATE_LIMITED)
    @ApiResponse(responseCode = "500", ref = ApiDocs.SEED_FAILED)
    @ApiResponse(responseCode = "503", ref = ApiDocs.SEED_UNAVAILABLE)
    Mono<ResponseEntity<Map<String, Object>>> chat(String body, ServerWebExchange exchange);

    @Operation(
            summary = "Send a message and follow it over SSE (original shape)",
            description = "data: frames {threadId}, then {status} on each change, then {status: completed, response,"
                    + " threadId} or {error, threadId}. Bad input is answered before any stream starts.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = SeedChatBody.class),
                            examples = @ExampleObject(name = "next turn", value = SeedExamples.SEED_CHAT)))
    @ApiResponse(
            responseCode = "200",
            description = "The request's progress as data: frames, ending with the answer or the error",
            content =
                    @Content(
                            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(type = "string"),
                            examples = @ExampleObject(name = "completed", value = SeedExamples.SEED_STREAM)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.SEED_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.SEED_UNAUTHORIZED)
    @ApiResponse(responseCode = "403", ref = ApiDocs.SEED_FORBIDDEN)
    @ApiResponse(responseCode = "404", ref = ApiDocs.SEED_NOT_FOUND)
    @ApiResponse(responseCode = "405", ref = ApiDocs.SEED_METHOD_NOT_ALLOWED)
    @ApiResponse(responseCode = "409", ref = ApiDocs.SEED_CONFLICT)
    @ApiResponse(responseCode = "413", ref = ApiDocs.SEED_TOO_LARGE)
    @ApiResponse(responseCode = "429", ref = ApiDocs.SEED_RATE_LIMITED)
    @ApiResponse(responseCode = "503", ref = ApiDocs.SEED_UNAVAILABLE)
    Mono<ResponseEntity<Flux<ServerSentEvent<Map<String, Object>>>>> chatStream(
            String body, ServerWebExchange exchange);
}
