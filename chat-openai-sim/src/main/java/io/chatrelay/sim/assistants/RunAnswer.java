package io.chatrelay.sim.assistants;

import io.chatrelay.sim.SimModel;
import io.chatrelay.sim.assistants.wire.MessageObject;
import io.chatrelay.sim.assistants.wire.RunStepObject;
import io.chatrelay.sim.assistants.wire.Usage;
import io.chatrelay.sim.http.Ids;
import java.util.Map;

/**
 * The message a run writes into its thread, word by word, and the run step that creates it. Only touched under the
 * run's lock.
 */
final class RunAnswer {

    private final String stepId = Ids.next("step");
    private final String messageId = Ids.next("msg");
    private final String runId;
    private final String assistantId;
    private final SimThread thread;
    private final long createdAt;
    private final RunStream stream;
    private final StringBuilder text = new StringBuilder();

    RunAnswer(String runId, String assistantId, SimThread thread, long createdAt, RunStream stream) {
        this.runId = runId;
        this.assistantId = assistantId;
        this.thread = thread;
        this.createdAt = createdAt;
        this.stream = stream;
    }

    /** The step starts and the message, empty, joins the thread. */
    void start() {
        stream.step("thread.run.step.created", step("in_progress", null));
        stream.step("thread.run.step.in_progress", step("in_progress", null));
        MessageObject message = message("in_progress");
        thread.add(message);
        stream.message("thread.message.created", message);
        stream.message("thread.message.in_progress", message);
    }

    void write(String words) {
        text.append(words);
        stream.delta(messageId, words);
    }

    boolean started() {
        return !text.isEmpty();
    }

    /** The tokens written so far. */
    long tokens() {
        return SimModel.tokens(text.toString());
    }

    /** The message and its step are complete; the step reports {@code usage}. */
    void complete(Usage usage) {
        MessageObject done = message("completed");
        thread.replace(messageId, done);
        stream.message("thread.message.completed", done);
        stream.step("thread.run.step.completed", step("completed", usage));
    }

    /** The message stays in the thread as far as it got, incomplete; returns it so. */
    MessageObject incomplete() {
        MessageObject cut = message("incomplete");
        thread.replace(messageId, cut);
        return cut;
    }

    private RunStepObject step(String status, Usage usage) {
        return new RunStepObject(
                stepId,
                createdAt,
                runId,
                assistantId,
                thread.id,
                status,
                status.equals("completed") ? Ids.nowSeconds() : null,
                new RunStepObject.StepDetails(new RunStepObject.MessageCreation(messageId)),
                usage);
    }

    private MessageObject message(String status) {
        return MessageObject.of(
                messageId, thread.id, "assistant", text.toString(), status, assistantId, runId, Map.of(), createdAt);
    }
}
