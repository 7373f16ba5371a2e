package io.chatrelay.worker.engine;

import io.chatrelay.common.codec.ChatCodec;
import java.util.List;
import java.util.Optional;

/**
 * A round of function calls as answered, recorded before its outputs are handed back: a request taken up again sends
 * the same outputs instead of running the handlers again, and keeps the turn's round count and text.
 *
 * @param callsOf the run or response that made the calls; empty when its id is unknown (its calls were found in the
 *     conversation)
 * @param round how many rounds the turn answered before this one
 * @param textSoFar the turn's text up to the calls
 * @param outputs each call's output, in the calls' order
 */
public record FunctionRound(String callsOf, int round, String textSoFar, List<Output> outputs) {

    /** The output handed back for one call. */
    public record Output(String callId, String output) {}

    /** The turn's last recorded round, by this go at the request or an earlier one. */
    public static Optional<FunctionRound> recorded(Turn.Progress progress) {
        return progress.checkpoint(Checkpoint.FUNCTION_ROUND)
                .map(json -> ChatCodec.instance().read(json, FunctionRound.class));
    }

    /** Whether this round answered exactly the calls {@code callIds}, in that order. */
    public boolean answers(List<String> callIds) {
        return outputs.stream().map(Output::callId).toList().equals(callIds);
    }

    /** Records the round and waits until it is durable: only then may its outputs be handed back. */
    void record(Turn.Progress progress) {
        progress.checkpoint(Checkpoint.FUNCTION_ROUND, ChatCodec.instance().toJson(this));
        progress.creating();
    }
}
