package io.chatrelay.gateway.admin;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * A company profile as the admin API takes and answers it, for the OpenAPI description only: {@link ProfileParser}
 * reads a body as a tree, so that it can name each faulty field.
 *
 * @param engine which upstream API runs the company's conversations
 * @param assistantId the assistant, for the assistants engine
 * @param model the model, for the responses engine
 * @param instructions system instructions, for the responses engine
 * @param promptId a stored prompt instead of model and instructions, for the responses engine
 * @param options request options passed through as they are
 */
@Schema(name = "Profile", description = "How a company's conversations run upstream; unknown fields are refused")
record ProfileShape(
        @Schema(
                requiredMode = Schema.RequiredMode.REQUIRED,
                allowableValues = {"responses", "assistants"})
        String engine,

        @Schema(
                description = "Required for the assistants engine, which serves OpenAI-compatible servers only (OpenAI"
                        + " shut the Assistants API down on 2026-08-26); assistant_id is taken too, for one release",
                example = "asst_abc123")
        String assistantId,

        @Schema(description = "For the responses engine: model or promptId is required", example = "gpt-4.1-mini")
        String model,

        @Schema(description = "System instructions sent with every response (responses engine)")
        String instructions,

        @Schema(
                description = "A stored prompt (responses engine), for OpenAI-compatible servers only (OpenAI shut"
                        + " reusable prompt objects down on 2026-11-30; use model and instructions there); prompt_id"
                        + " is taken too, for one release")
        String promptId,

        @Schema(description = "Further request options passed through as they are, such as max_output_tokens")
        Map<String, Object> options) {}
