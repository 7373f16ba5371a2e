package io.chatrelay.sim.assistants;

import io.chatrelay.sim.SimContext;
import io.chatrelay.sim.SimModel;
import io.chatrelay.sim.faults.Directives;
import java.util.List;

/**
 * What a run will do, decided when it is created.
 *
 * @param directives the directives of the message the run answers
 * @param tokens the answer, word by word
 * @param toolName the function the run calls before answering, or {@code null}
 * @param ending {@code failed}, {@code expired}, {@code incomplete} or {@code null} for a normal end
 * @param queueMillis how long the run stays queued
 * @param latencyMillis how long from creation to the terminal status
 * @param promptTokens the tokens the run reads
 */
record RunScript(
        Directives directives,
        List<String> tokens,
        String toolName,
        String ending,
        long queueMillis,
        long latencyMillis,
        long promptTokens) {

    /** Answers {@code latest}, the text of user message number {@code userTurns}, or calls the tool it names. */
    static RunScript of(SimContext context, Directives directives, String latest, int userTurns, long promptTokens) {
        long latency = context.latency(directives).toMillis();
        String ending = directives.status() != null
                ? directives.status()
                : context.faults().runOutcome();
        return new RunScript(
                directives,
                SimModel.replyTokens(userTurns, Directives.strip(latest), context.replyTokens(directives)),
                directives.tool(),
                ending,
                Math.min(context.settings().queueTime().toMillis(), latency),
                latency,
                promptTokens);
    }
}
