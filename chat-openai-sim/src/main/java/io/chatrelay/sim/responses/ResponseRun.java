package io.chatrelay.sim.responses;

import io.chatrelay.sim.ResponseTimings;
import io.chatrelay.sim.SimContext;
import io.chatrelay.sim.SimModel;
import io.chatrelay.sim.http.EventLog;
import io.chatrelay.sim.http.Ids;
import io.chatrelay.sim.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One response and its life: {@code queued → in_progress → completed|failed|incomplete}, or {@code cancelled} at
 * any time. Its stream events go to an {@link EventLog} with {@code sequence_number} from 0.
 */
final class ResponseRun {

    /** What the model will produce, decided when the response is created. */
    record Script(
            List<String> tokens,
            String toolName,
            String ending,
            Integer maxOutputTokens,
            long queueMillis,
            long latencyMillis,
            long inputTokens) {}

    /** The stream events that end a response. */
    private static final Set<String> TERMINAL_EVENTS =
            Set.of("response.completed", "response.failed", "response.incomplete");

    final String id = Ids.next("resp");
    final long createdAt = Ids.nowSeconds();
    final boolean background;
    final Conversation conversation;
    final Map<String, Object> echo;
    final Map<String, String> metadata;
    final List<Map<String, Object>> input;
    final EventLog log = new EventLog();
    private final Script script;
    private final ResponseTimings timings;
    private final long receivedNanos;
    private final String itemId = Ids.next("msg");

    private String status;
    private Long completedAt;
    private Map<String, Object> error;
    private Map<String, Object> incompleteDetails;
    private Map<String, Object> usage;
    private final List<Map<String, Object>> output = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    ResponseRun(
            boolean background,
            Conversation conversation,
            Map<String, Object> echo,
            Map<String, String> metadata,
            List<Map<String, Object>> input,
            Script script,
            ResponseTimings timings,
            long receivedNanos) {
        this.background = background;
        this.conversation = conversation;
        this.echo = echo;
        this.metadata = metadata;
        this.input = input;
        this.script = script;
        this.timings = timings;
        this.receivedNanos = receivedNanos;
        this.status = background ? "queued" : "in_progress";
    }

    synchronized String status() {
        return status;
    }

    synchronized boolean terminal() {
        return !status.equals("queued") && !status.equals("in_progress");
    }

    synchronized Map<String, Object> toJson() {
        Map<String, Object> json = Json.object(
                "id",
                id,
                "object",
                "response",
                "created_at",
                createdAt,
                "status",
                status,
                "completed_at",
                completedAt,
                "background",
                background,
                "error",
                error,
                "incomplete_details",
                incompleteDetails,
                "instructions",
                echo.get("instructions"),
                "max_output_tokens",
                echo.get("max_output_tokens"),
                "model",
                echo.get("model"),
                "output",
                List.copyOf(output),
                "parallel_tool_calls",
                true,
                "previous_response_id",
                echo.get("previous_response_id"),
                "conversation",
                conversation == null ? null : Json.object("id", conversation.id),
                "reasoning",
                Json.object("effort", null, "summary", null),
                "store",
                true,
                "temperature",
                1.0,
                "text",
                Json.object("format", Json.object("type", "text")),
                "tool_choice",
                "auto",
                "tools",
                echo.getOrDefault("tools", List.of()),
                "top_p",
                1.0,
                "truncation",
                "disabled",
                "usage",
                usage,
                "user",
                null,
                "metadata",
                metadata);
        if (echo.get("prompt") != null) {
            json.put("prompt", echo.get("prompt"));
        }
        return json;
    }

    /** Runs the script on the calling thread; returns when the response is terminal. */
    void run() {
        long created = System.nanoTime();
        emit("response.created", "response", true);
        if (background) {
            emit("response.queued", "response", true);
        }
        SimContext.pauseUntil(created + TimeUnit.MILLISECONDS.toNanos(script.queueMillis()));
        synchronized (this) {
            if (terminal()) {
                return;
            }
            status = "in_progress";
        }
        emit("response.in_progress", "response", true);
        if (script.toolName() != null) {
            // Writing the call takes the model as long as an answer would.
            SimContext.pauseUntil(created + TimeUnit.MILLISECONDS.toNanos(script.latencyMillis()));
            finishWithToolCall();
            return;
        }
        synchronized (this) {
            if (terminal()) {
                return;
            }
            output.add(messageItem("in_progress", ""));
            log.append(
                    "response.output_item.added",
                    Json.object(
                            "type",
                            "response.output_item.added",
                            "output_index",
                            0,
                            "item",
                            messageItem("in_progress", "")),
                    true);
            log.append(
                    "response.content_part.added",
                    Json.object(
                            "type",
                            "response.content_part.added",
                            "item_id",
                            itemId,
                            "output_index",
                            0,
                            "content_index",
                            0,
                            "part",
                            part("")),
                    true);
        }
        List<String> tokens = script.tokens();
        int limit =
                script.maxOutputTokens() == null ? tokens.size() : Math.min(tokens.size(), script.maxOutputTokens());
        for (int i = 0; i < limit; i++) {
            SimContext.pauseUntil(
                    created + SimContext.tokenDue(script.queueMillis(), script.latencyMillis(), i, tokens.size()));
            synchronized (this) {
                if (terminal()) {
                    return;
                }
                text.append(tokens.get(i));
                output.set(0, messageItem("in_progress", text.toString()));
                log.append(
                        "response.output_text.delta",
                        Json.object(
                                "type",
                                "response.output_text.delta",
                                "item_id",
                                itemId,
                                "output_index",
                                0,
                                "content_index",
                                0,
                                "delta",
                                tokens.get(i),
                                "logprobs",
                                List.of()),
                        true);
            }
        }
        finish(limit < tokens.size());
    }

    private void finish(boolean truncated) {
        synchronized (this) {
            if (terminal()) {
                return;
            }
            String ending = truncated ? "incomplete" : script.ending();
            String full = text.toString();
            if ("failed".equals(ending) || "expired".equals(ending)) {
                status = "failed";
                error = Json.object(
                        "code", "server_error", "message", "The model failed to produce a response (simulated).");
                output.clear();
                log.append("response.failed", Json.object("type", "response.failed", "response", toJson()), true);
                end();
                return;
            }
            log.append(
                    "response.output_text.done",
                    Json.object(
                            "type",
                            "response.output_text.done",
                            "item_id",
                            itemId,
                            "output_index",
                            0,
                            "content_index",
                            0,
                            "text",
                            full,
                            "logprobs",
                            List.of()),
                    true);
            log.append(
                    "response.content_part.done",
                    Json.object(
                            "type",
                            "response.content_part.done",
                            "item_id",
                            itemId,
                            "output_index",
                            0,
                            "content_index",
                            0,
                            "part",
                            part(full)),
                    true);
            Map<String, Object> item = messageItem(truncated ? "incomplete" : "completed", full);
            output.set(0, item);
            log.append(
                    "response.output_item.done",
                    Json.object("type", "response.output_item.done", "output_index", 0, "item", item),
                    true);
            usage = usage(SimModel.tokens(full));
            if (truncated) {
                status = "incomplete";
                incompleteDetails = Json.object("reason", "max_output_tokens");
                log.append(
                        "response.incomplete", Json.object("type", "response.incomplete", "response", toJson()), true);
            } else {
                status = "completed";
                completedAt = Ids.nowSeconds();
                log.append("response.completed", Json.object("type", "response.completed", "response", toJson()), true);
            }
            appendToConversation(item);
            end();
        }
    }

    private void finishWithToolCall() {
        synchronized (this) {
            if (terminal()) {
                return;
            }
            Map<String, Object> call = Json.object(
                    "type",
                    "function_call",
                    "id",
                    Ids.next("fc"),
                    "call_id",
                    Ids.next("call"),
                    "name",
                    script.toolName(),
                    "arguments",
                    "{}",
                    "status",
                    "completed");
            output.add(call);
            log.append(
                    "response.output_item.added",
                    Json.object("type", "response.output_item.added", "output_index", 0, "item", call),
                    true);
            log.append(
                    "response.function_call_arguments.done",
                    Json.object(
                            "type",
                            "response.function_call_arguments.done",
                            "item_id",
                            call.get("id"),
                            "output_index",
                            0,
                            "name",
                            script.toolName(),
                            "arguments",
                            "{}"),
                    true);
            log.append(
                    "response.output_item.done",
                    Json.object("type", "response.output_item.done", "output_index", 0, "item", call),
                    true);
            usage = usage(1);
            status = "completed";
            completedAt = Ids.nowSeconds();
            log.append("response.completed", Json.object("type", "response.completed", "response", toJson()), true);
            appendToConversation(call);
            end();
        }
    }

    /** Cancels a queued or in-progress response; the partial answer stays in {@code output}. */
    synchronized boolean cancel() {
        if (terminal()) {
            return false;
        }
        status = "cancelled";
        end();
        return true;
    }

    /** A stream wrote {@code event} of this response to its client. */
    void sent(String event) {
        if (TERMINAL_EVENTS.contains(event)) {
            timings.written(id, receivedNanos);
        }
    }

    private void end() {
        if (conversation != null) {
            conversation.unlock(id);
        }
        timings.ended(id, receivedNanos);
        log.close();
    }

    private void appendToConversation(Map<String, Object> outputItem) {
        if (conversation != null) {
            List<Map<String, Object>> added = new ArrayList<>(input);
            added.add(outputItem);
            conversation.append(added);
        }
    }

    private void emit(String type, String key, boolean numbered) {
        synchronized (this) {
            log.append(type, Json.object("type", type, key, toJson()), numbered);
        }
    }

    private Map<String, Object> usage(long outputTokens) {
        return Json.object(
                "input_tokens", script.inputTokens(),
                "input_tokens_details", Json.object("cached_tokens", 0, "cache_write_tokens", 0),
                "output_tokens", outputTokens,
                "output_tokens_details", Json.object("reasoning_tokens", 0),
                "total_tokens", script.inputTokens() + outputTokens);
    }

    private Map<String, Object> messageItem(String itemStatus, String content) {
        return Json.object(
                "type",
                "message",
                "id",
                itemId,
                "status",
                itemStatus,
                "role",
                "assistant",
                "content",
                content.isEmpty() && itemStatus.equals("in_progress") ? List.of() : List.of(part(content)));
    }

    private static Map<String, Object> part(String content) {
        return Json.object("type", "output_text", "text", content, "annotations", List.of(), "logprobs", List.of());
    }
}
