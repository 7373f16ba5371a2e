package io.chatrelay.sim.assistants;

import io.chatrelay.sim.SimContext;
import io.chatrelay.sim.SimModel;
import io.chatrelay.sim.assistants.wire.IncompleteDetails;
import io.chatrelay.sim.assistants.wire.RequiredAction;
import io.chatrelay.sim.assistants.wire.RunObject;
import io.chatrelay.sim.assistants.wire.RunObject.LastError;
import io.chatrelay.sim.assistants.wire.Usage;
import io.chatrelay.sim.faults.Directives;
import io.chatrelay.sim.http.Ids;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run: {@code queued → in_progress → completed|failed|expired|incomplete}, {@code requires_action} for a
 * function call, {@code cancelling → cancelled} on cancel. It writes its message through a {@link RunAnswer}; the
 * client that created it follows it on its {@link RunStream}.
 */
final class Run {

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
    final RunStream stream = new RunStream();
    private final RunScript script;
    private final RunAnswer answer;

    private String status = "queued";
    private Long startedAt;
    private Long completedAt;
    private Long cancelledAt;
    private Long failedAt;
    private LastError lastError;
    private RequiredAction requiredAction;
    private IncompleteDetails incompleteDetails;
    private Usage usage;

    Run(
            SimThread thread,
            String assistantId,
            String model,
            String instructions,
            Map<String, String> metadata,
            RunScript script) {
        this.thread = thread;
        this.assistantId = assistantId;
        this.model = model;
        this.instructions = instructions;
        this.metadata = metadata;
        this.script = script;
        this.answer = new RunAnswer(id, assistantId, thread, createdAt, stream);
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

    /** The run as it stands. */
    synchronized RunObject snapshot() {
        return new RunObject(
                id,
                createdAt,
                thread.id,
                assistantId,
                status,
                requiredAction,
                lastError,
                createdAt + 600,
                startedAt,
                cancelledAt,
                failedAt,
                completedAt,
                incompleteDetails,
                model,
                instructions,
                metadata,
                usage);
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
            emit("thread.run.in_progress");
            if (script.toolName() != null) {
                status = "requires_action";
                requiredAction = RequiredAction.call(Ids.next("call"), script.toolName());
                emit("thread.run.requires_action");
                stream.close();
                return;
            }
        }
        write(script.tokens());
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
            List<String> expected = requiredAction.submitToolOutputs().toolCalls().stream()
                    .map(RequiredAction.ToolCall::id)
                    .toList();
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
        Thread.ofVirtual().start(() -> write(tokens));
        return null;
    }

    /** Writes the answer token by token, then finishes as the script says. */
    private void write(List<String> tokens) {
        synchronized (this) {
            if (!status.equals("in_progress")) {
                return;
            }
            answer.start();
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
                answer.write(tokens.get(i));
            }
        }
        finish();
    }

    private synchronized void finish() {
        if (!status.equals("in_progress")) {
            return;
        }
        switch (script.ending() == null ? "completed" : script.ending()) {
            case "failed" -> {
                status = "failed";
                failedAt = Ids.nowSeconds();
                lastError = new LastError("server_error", "Sorry, something went wrong.");
                answer.incomplete();
                emit("thread.run.failed");
            }
            case "expired" -> {
                status = "expired";
                answer.incomplete();
                emit("thread.run.expired");
            }
            case "incomplete" -> {
                status = "incomplete";
                incompleteDetails = new IncompleteDetails("max_completion_tokens");
                usage = new Usage(script.promptTokens(), answer.tokens());
                stream.message("thread.message.incomplete", answer.incomplete());
                emit("thread.run.incomplete");
            }
            default -> {
                usage = new Usage(script.promptTokens(), answer.tokens());
                answer.complete(usage);
                status = "completed";
                completedAt = Ids.nowSeconds();
                emit("thread.run.completed");
            }
        }
        stream.close();
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
        emit("thread.run.cancelling");
        Thread.ofVirtual().start(() -> {
            SimContext.pause(50);
            synchronized (this) {
                status = "cancelled";
                cancelledAt = Ids.nowSeconds();
                if (answer.started()) {
                    answer.incomplete();
                }
                emit("thread.run.cancelled");
                stream.close();
            }
        });
        return true;
    }

    /** Streams {@code event} with the run as it stands. */
    private synchronized void emit(String event) {
        stream.run(event, snapshot());
    }
}
