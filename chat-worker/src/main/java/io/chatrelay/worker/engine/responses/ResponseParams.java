package io.chatrelay.worker.engine.responses;

import com.openai.core.JsonValue;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponsePrompt;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.worker.engine.ChatEngine;
import io.chatrelay.worker.engine.Turn;
import java.util.Map;

/** The create call of a turn's responses, from the company's profile. */
final class ResponseParams {

    private ResponseParams() {}

    /** A background response in {@code conversation} for this turn, still without its input. */
    static ResponseCreateParams.Builder of(Turn turn, String conversation) {
        AssistantProfile profile = turn.profile();
        ResponseCreateParams.Builder builder = ResponseCreateParams.builder()
                .conversation(conversation)
                .background(true)
                .metadata(ResponseCreateParams.Metadata.builder()
                        .putAdditionalProperty(
                                ChatEngine.REQUEST_ID_METADATA,
                                JsonValue.from(turn.request().requestId()))
                        .build());
        if (profile.promptId() != null) {
            builder.prompt(ResponsePrompt.builder().id(profile.promptId()).build());
        }
        if (profile.model() != null) {
            builder.model(profile.model());
        }
        if (profile.instructions() != null) {
            builder.instructions(profile.instructions());
        }
        for (Map.Entry<String, Object> option : profile.options().entrySet()) {
            builder.putAdditionalBodyProperty(option.getKey(), JsonValue.from(option.getValue()));
        }
        return builder;
    }
}
