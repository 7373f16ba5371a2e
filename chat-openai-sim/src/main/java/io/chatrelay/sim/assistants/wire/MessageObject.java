package io.chatrelay.sim.assistants.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A thread message as {@code /v1/threads/{id}/messages} answers it and the message events of a run carry.
 *
 * @param incompleteDetails set when the run writing the message was cancelled or ended early
 * @param completedAt set once the message is complete
 * @param content one text part; none while an answer has no words yet
 * @param assistantId the assistant that wrote it, or {@code null} for the user's
 * @param runId the run that wrote it, or {@code null} for the user's
 */
@JsonPropertyOrder({"id", "object"})
public record MessageObject(
        String id,
        long createdAt,
        String threadId,
        String status,
        IncompleteDetails incompleteDetails,
        Long completedAt,
        String role,
        List<TextContent> content,
        String assistantId,
        String runId,
        Map<String, String> metadata) {

    /** A text part of a message. */
    @JsonPropertyOrder({"type"})
    public record TextContent(Text text) {

        @JsonProperty
        String type() {
            return "text";
        }
    }

    /** Words, without annotations. */
    public record Text(String value) {

        @JsonProperty
        List<Object> annotations() {
            return List.of();
        }
    }

    /**
     * A message in {@code status} with {@code text}: complete as it was created, or incomplete because its run was
     * cancelled or ended early.
     */
    public static MessageObject of(
            String id,
            String threadId,
            String role,
            String text,
            String status,
            String assistantId,
            String runId,
            Map<String, String> metadata,
            long createdAt) {
        return new MessageObject(
                id,
                createdAt,
                threadId,
                status,
                status.equals("incomplete") ? new IncompleteDetails("run_cancelled") : null,
                status.equals("completed") ? createdAt : null,
                role,
                text.isEmpty() && status.equals("in_progress") ? List.of() : List.of(new TextContent(new Text(text))),
                assistantId,
                runId,
                metadata);
    }

    /** The words of all its parts. */
    @JsonIgnore
    public String text() {
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.text().value()));
        return text.toString();
    }

    @JsonProperty
    String object() {
        return "thread.message";
    }

    @JsonProperty
    Long incompleteAt() {
        return null;
    }

    @JsonProperty
    List<Object> attachments() {
        return List.of();
    }
}
