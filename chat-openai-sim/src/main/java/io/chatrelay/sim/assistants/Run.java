package io.chatrelay.sim.assistants;

import io.chatrelay.sim.SimContext;
import io.chatrelay.sim.SimModel;
import io.chatrelay.sim.faults.Directives;
import io.chatrelay.sim.http.EventLog;
import io.chatrelay.sim.http.Ids;
import io.chatrelay.sim.http.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run: {@code queued → in_progress → completed|failed|expired|incomplete}, {@code requires_action} for a
 * function call, {@code cancelling → cancelled} on cancel. Its stream events (named, unnumbered) go to an
 * {@link EventLog}.
 */
final class Run {

    /** What the run will do, decided at creation. */
    record Script(
            Directives directives,
            List<String> tokens,
            String toolName,
            String ending,
            long queueMillis,
            long latencyMillis,
            long promptTokens) {}

    private static final AtomicLong CREATED = new AtomicLong();

    final String id = Ids.next("run");
    /** Creation order, finer than {@code created_at} seconds. */
    final long order = CREATED.incrementAndGet();

    final long createdAt = Ids.nowSeconds();
    final SimThread thread;
    final String assistantId;
    final String model;
    final String instructions;
    final Map<String, String> metadata;
    final EventLog log = new EventLog();
    private final Script script;
    private final String stepId = Ids.next("step");
    private final String messageId = Ids.next("msg");

    private String status = "queued";
    private Long startedAt;
    private Long completedAt;
    private Long cancelledAt;
    private Long failedAt;
    private Map<String, Object> lastError;
    private Map<String, Object> requiredAction;
    private Map<String, Object> incompleteDetails;
    private Map<String, Object> usage;
    private final StringBuilder text = new StringBuilder();

    Run(
            SimThread thread,
            String assistantId,
            String model,
            String instructions,
            Map<String, String> metadata,
            Script script) {
        this.thread = thread;
        this.assistantId = assistantId;
        this.model = model;
        this.instructions = instructions;
        this.metadata = metadata;
        this.script = script;
    }

    synchronized boolean active() {
        return switch (status) {
            case "queued", "in_progress", "requires_action", "cancelling" -> true;
            default -> false;
        };
    }

    synchronized String status() {
        return status;
    }

    synchronized Map<String, Object> toJson() {
        Map<String, Object> json = Json.object(
                "id", id,
                "object", "thread.run",
                "created_at", createdAt,
                "thread_id", thread.id,
                "assistant_id", assistantId,
                "status", status,
                "required_action", requiredAction,
                "last_error", lastError,
                "expires_at", createdAt + 600,
                "started_at", startedAt,
                "cancelled_at", cancelledAt,
                "failed_at", failedAt,
                "completed_at", completedAt,
                "incomplete_details", incompleteDetails,
                "model", model,
                "instructions", instructions,
                "tools", List.of(),
                "metadata", metadata,
                "usage", usage,
                "temperature", 1.0,
                "top_p", 1.0,
                "max_prompt_tokens", null,
                "max_completion_tokens", null,
                "truncation_strategy", Json.object("type", "auto", "last_messages", null),
                "tool_choice", "auto",
                "parallel_tool_calls", true,
                "response_format", "auto");
        return json;
    }

    /** The directives of the message the run answers. */
    Directives directives() {
        return script.directives();
    }

    /** Runs the script on the calling thread. */
    void run() {
        long created = System.nanoTime();
        emit("thread.run.created");
        emit("thread.run.queued");
        SimContext.pauseUntil(created + TimeUnit.MILLISECONDS.toNanos(script.queueMillis()));
        synchronized (this) {
            if (!status.equals("queued")) {
                return;
            }
            status = "in_progress";
            startedAt = Ids.nowSeconds();
            log.append("thread.run.in_progress", toJson(), false);
            if (script.toolName() != null) {
                status = "requires_action";
                requiredAction = Json.object(
                        "type",
                        "submit_tool_outputs",
                        "submit_tool_outputs",
                        Json.object(
                                "tool_calls",
                                List.of(Json.object(
                                        "id", Ids.next("call"),
                                        "type", "function",
                                        "function", Json.object("name", script.toolName(), "arguments", "{}")))));
                log.append("thread.run.requires_action", toJson(), false);
                log.close();
                return;
            }
        }
        answer(script.tokens());
    }

    /**
     * Hands back the outputs of the calls a {@code requires_action} run waits on; the run goes on and answers from
     * them. Its events after this point are not streamed.
     *
     * @return an error message, or null when accepted
     */
    String submitToolOutputs(Map<String, String> outputsByCallId) {
        synchronized (this) {
            if (!status.equals("requires_action")) {
                return "Runs in status \"" + status + "\" do not accept tool outputs.";
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> calls = (List<Map<String, Object>>)
                    ((Map<String, Object>) requiredAction.get("submit_tool_outputs")).get("tool_calls");
            List<Object> expected = calls.stream().map(call -> call.get("id")).toList();
            if (!outputsByCallId.keySet().equals(Set.copyOf(expected))) {
                return "Expected tool outputs for call_ids " + expected + ", got " + outputsByCallId.keySet() + ".";
            }
            status = "in_progress";
            requiredAction = null;
        }
        List<String> tokens = SimModel.replyTokens(
                1,
                "the function returned " + String.join(", ", outputsByCallId.values()),
                script.tokens().size());
        Thread.ofVirtual().start(() -> answer(tokens));
        return null;
    }

    /** Writes the answer token by token, then finishes as the script says. */
    private void answer(List<String> tokens) {
        synchronized (this) {
            if (!status.equals("in_progress")) {
                return;
            }
            log.append("thread.run.step.created", step("in_progress"), false);
            log.append("thread.run.step.in_progress", step("in_progress"), false);
            thread.add(message("in_progress"));
            log.append("thread.message.created", message("in_progress"), false);
            log.append("thread.message.in_progress", message("in_progress"), false);
        }
        // The writing starts now: after the queue time, or when the outputs of the functions the run called came back.
        long writing = System.nanoTime();
        long writingMillis = Math.max(0, script.latencyMillis() - script.queueMillis());
        for (int i = 0; i < tokens.size(); i++) {
            SimContext.pauseUntil(writing + SimContext.tokenDue(0, writingMillis, i, tokens.size()));
            synchronized (this) {
                if (!status.equals("in_progress")) {
                    return;
                }
                text.append(tokens.get(i));
                log.append(
                        "thread.message.delta",
                        Json.object(
                                "id",
                                messageId,
                                "object",
                                "thread.message.delta",
                                "delta",
                                Json.object(
                                        "content",
                                        List.of(Json.object(
                                                "index",
                                                0,
                                                "type",
                                                "text",
                                                "text",
                                                Json.object("value", tokens.get(i), "annotations", List.of()))))),
                        false);
            }
        }
        finish();
    }

    private synchronized void finish() {
        if (!status.equals("in_progress")) {
            return;
        }
        long completionTokens = SimModel.tokens(text.toString());
        switch (script.ending() == null ? "completed" : script.ending()) {
            case "failed" -> {
                status = "failed";
                failedAt = Ids.nowSeconds();
                lastError = Json.object("code", "server_error", "message", "Sorry, something went wrong.");
                thread.replace(messageId, message("incomplete"));
                log.append("thread.run.failed", toJson(), false);
            }
            case "expired" -> {
                status = "expired";
                thread.replace(messageId, message("incomplete"));
                log.append("thread.run.expired", toJson(), false);
            }
            case "incomplete" -> {
                status = "incomplete";
                incompleteDetails = Json.object("reason", "max_completion_tokens");
                usage = usage(completionTokens);
                thread.replace(messageId, message("incomplete"));
                log.append("thread.message.incomplete", message("incomplete"), false);
                log.append("thread.run.incomplete", toJson(), false);
            }
            default -> {
                Map<String, Object> done = message("completed");
                thread.replace(messageId, done);
                log.append("thread.message.completed", done, false);
                usage = usage(completionTokens);
                Map<String, Object> step = step("completed");
                step.put("usage", usage);
                log.append("thread.run.step.completed", step, false);
                status = "completed";
                completedAt = Ids.nowSeconds();
                log.append("thread.run.completed", toJson(), false);
            }
        }
        log.close();
    }

    /**
     * Cancels an active run: it shows {@code cancelling} at once and {@code cancelled} shortly after.
     *
     * @return false when the run was no longer active
     */
    synchronized boolean cancel() {
        if (!active() || status.equals("cancelling")) {
            return status.equals("cancelling");
        }
        status = "cancelling";
        log.append("thread.run.cancelling", toJson(), false);
        Thread.ofVirtual().start(() -> {
            SimContext.pause(50);
            synchronized (this) {
                status = "cancelled";
                cancelledAt = Ids.nowSeconds();
                if (!text.isEmpty()) {
                    thread.replace(messageId, message("incomplete"));
                }
                log.append("thread.run.cancelled", toJson(), false);
                log.close();
            }
        });
        return true;
    }

    private void emit(String event) {
        synchronized (this) {
            log.append(event, toJson(), false);
        }
    }

    private Map<String, Object> usage(long completionTokens) {
        return Json.object(
                "prompt_tokens",
                script.promptTokens(),
                "completion_tokens",
                completionTokens,
                "total_tokens",
                script.promptTokens() + completionTokens);
    }

    private Map<String, Object> step(String stepStatus) {
        return Json.object(
                "id",
                stepId,
                "object",
                "thread.run.step",
                "created_at",
                createdAt,
                "run_id",
                id,
                "assistant_id",
                assistantId,
                "thread_id",
                thread.id,
                "type",
                "message_creation",
                "status",
                stepStatus,
                "cancelled_at",
                null,
                "completed_at",
                stepStatus.equals("completed") ? Ids.nowSeconds() : null,
                "expired_at",
                null,
                "failed_at",
                null,
                "last_error",
                null,
                "step_details",
                Json.object("type", "message_creation", "message_creation", Json.object("message_id", messageId)),
                "usage",
                null,
                "metadata",
                Map.of());
    }

    private Map<String, Object> message(String messageStatus) {
        return Messages.of(
                messageId,
                thread.id,
                "assistant",
                text.toString(),
                messageStatus,
                assistantId,
                id,
                Map.of(),
                createdAt);
    }
}
