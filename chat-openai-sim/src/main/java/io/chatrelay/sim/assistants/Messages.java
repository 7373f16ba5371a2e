package io.chatrelay.sim.assistants;

import io.chatrelay.sim.http.Json;
import java.util.List;
import java.util.Map;

/** Thread message objects as the Assistants API returns them. */
final class Messages {

    private Messages() {}

    static Map<String, Object> of(
            String id,
            String threadId,
            String role,
            String text,
            String status,
            String assistantId,
            String runId,
            Map<String, String> metadata,
            long createdAt) {
        return Json.object(
                "id", id,
                "object", "thread.message",
                "created_at", createdAt,
                "thread_id", threadId,
                "status", status,
                "incomplete_details", status.equals("incomplete") ? Json.object("reason", "run_cancelled") : null,
                "completed_at", status.equals("completed") ? createdAt : null,
                "incomplete_at", null,
                "role", role,
                "content",
                        text.isEmpty() && status.equals("in_progress")
                                ? List.of()
                                : List.of(Json.object(
                                        "type", "text", "text", Json.object("value", text, "annotations", List.of()))),
                "assistant_id", assistantId,
                "run_id", runId,
                "attachments", List.of(),
                "metadata", metadata);
    }

    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> message) {
        StringBuilder text = new StringBuilder();
        for (Object part : (List<Object>) message.get("content")) {
            Map<String, Object> textPart = (Map<String, Object>) ((Map<String, Object>) part).get("text");
            if (textPart != null) {
                text.append(textPart.get("value"));
            }
        }
        return text.toString();
    }
}
