package io.chatrelay.sim.responses;

import io.chatrelay.sim.SimContext;
import io.chatrelay.sim.SimModel;
import io.chatrelay.sim.faults.Directives;
import java.util.List;

/**
 * What the model will produce for a response, decided when it is created.
 *
 * @param tokens the answer, word by word
 * @param toolName the function the model calls instead of answering, or {@code null}
 * @param ending {@code failed}, {@code expired}, {@code incomplete} or {@code null} for a normal end
 * @param maxOutputTokens where the answer is cut short, or {@code null}
 * @param queueMillis how long a background response stays queued
 * @param latencyMillis how long from creation to the terminal status
 * @param inputTokens the tokens the response reads
 */
record ResponseScript(
        List<String> tokens,
        String toolName,
        String ending,
        Integer maxOutputTokens,
        long queueMillis,
        long latencyMillis,
        long inputTokens) {

    /** Answers the latest user message, or the function outputs handed back; or calls the tool a directive names. */
    static ResponseScript of(SimContext context, CreateRequest request, History history, Directives directives) {
        long latency = context.latency(directives).toMillis();
        long queue = Math.min(context.settings().queueTime().toMillis(), latency);
        String ending = directives.status() != null
                ? directives.status()
                : context.faults().runOutcome();
        List<String> toolOutputs = history.toolOutputs();
        // A turn that hands back function results is answered from them, without calling the function again.
        String answering = toolOutputs.isEmpty()
                ? Directives.strip(history.latestUserText())
                : "the function returned " + String.join(", ", toolOutputs);
        return new ResponseScript(
                SimModel.replyTokens(history.userTurns(), answering, context.replyTokens(directives)),
                toolOutputs.isEmpty() ? directives.tool() : null,
                ending,
                request.maxOutputTokens(),
                queue,
                latency,
                history.inputTokens());
    }
}
