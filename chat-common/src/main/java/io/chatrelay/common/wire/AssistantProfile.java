package io.chatrelay.common.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a company's conversations are run upstream; stored in Redis per company.
 *
 * <p>OpenAI shut the Assistants API down on 2026-08-26 and reusable prompt objects on 2026-11-30: the
 * {@code assistants} engine and a {@code promptId} serve OpenAI-compatible servers only ({@link #compatibleOnly()}).
 *
 * @param engine which API runs the conversation
 * @param assistantId the assistant to run ({@code assistants} engine; compatible servers only)
 * @param model the model ({@code responses} engine, unless a prompt id is given)
 * @param instructions system instructions sent with every response ({@code responses} engine)
 * @param promptId a stored prompt to use instead of model and instructions ({@code responses} engine; compatible
 *     servers only)
 * @param options further request options passed through as-is (for example {@code max_output_tokens})
 */
public record AssistantProfile(
        Engine engine,
        String assistantId,
        String model,
        String instructions,
        String promptId,
        Map<String, Object> options) {

    public AssistantProfile {
        Objects.requireNonNull(engine, "engine");
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** Why this profile runs on OpenAI-compatible servers only and not on OpenAI itself; empty when it runs on both. */
    public List<String> compatibleOnly() {
        List<String> why = new ArrayList<>();
        if (engine == Engine.ASSISTANTS) {
            why.add("OpenAI shut the Assistants API down on 2026-08-26: the assistants engine serves OpenAI-compatible"
                    + " servers only");
        }
        if (promptId != null) {
            why.add("OpenAI shut reusable prompt objects down on 2026-11-30: a prompt id serves OpenAI-compatible"
                    + " servers only; on OpenAI use model and instructions");
        }
        return List.copyOf(why);
    }

    /** A legacy profile that names only an assistant: what a plain assistant id string in Redis means. */
    public static AssistantProfile assistants(String assistantId) {
        return new AssistantProfile(Engine.ASSISTANTS, Objects.requireNonNull(assistantId), null, null, null, Map.of());
    }

    /** A responses-engine profile with a model and instructions. */
    public static AssistantProfile responses(String model, String instructions) {
        return new AssistantProfile(
                Engine.RESPONSES, null, Objects.requireNonNull(model), instructions, null, Map.of());
    }
}
