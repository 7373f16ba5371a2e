package io.chatrelay.worker.engine;

import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.FailureCategory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The function handlers of this worker by name, and how a turn answers a round of calls with them. */
public final class FunctionHandlers {

    /** How many rounds of function calls one turn may make before it fails; a guard against a calling loop. */
    public static final int MAX_ROUNDS = 8;

    private final Map<String, FunctionHandler> byName;

    public FunctionHandlers(Collection<FunctionHandler> handlers) {
        this.byName = handlers.stream()
                .collect(Collectors.toUnmodifiableMap(FunctionHandler::name, Function.identity(), (a, b) -> {
                    throw new IllegalStateException("Two function handlers are named '" + a.name() + "'");
                }));
    }

    /**
     * Answers the calls that {@code callsOf} made after the turn wrote {@code textSoFar}: with the outputs an earlier
     * go at the request recorded for the same calls, or else with the handlers' outputs, recorded durably before this
     * returns so that the caller may hand them back; or with the failure that ends the turn.
     */
    public Answer answer(Turn turn, String callsOf, String textSoFar, List<PendingCall> calls) {
        Optional<FunctionRound> last = FunctionRound.recorded(turn.progress());
        List<String> callIds = calls.stream().map(PendingCall::callId).toList();
        if (last.isPresent() && last.get().answers(callIds)) {
            return new Answer.Outputs(last.get());
        }
        int round = last.map(earlier -> earlier.round() + 1).orElse(0);
        Optional<Outcome.Failed> refused = refusal(calls, round);
        if (refused.isPresent()) {
            return new Answer.Refused(refused.get());
        }
        ChatRequest request = turn.request();
        List<FunctionRound.Output> outputs = new ArrayList<>(calls.size());
        try {
            for (PendingCall call : calls) {
                String output = byName.get(call.name())
                        .handle(new FunctionCall(
                                request.requestId(), request.companySlug(), call.name(), call.arguments()));
                outputs.add(new FunctionRound.Output(call.callId(), output));
            }
        } catch (RuntimeException e) {
            return new Answer.Refused(new Outcome.Failed(
                    "function_call_failed",
                    "A function handler failed: " + e.getClass().getSimpleName(),
                    FailureCategory.RUN_FAILED));
        }
        FunctionRound answered = new FunctionRound(callsOf, round, textSoFar, List.copyOf(outputs));
        answered.record(turn.progress());
        return new Answer.Outputs(answered);
    }

    private Optional<Outcome.Failed> refusal(List<PendingCall> calls, int round) {
        if (round >= MAX_ROUNDS) {
            return Optional.of(new Outcome.Failed(
                    "function_call_loop",
                    "The model kept calling functions after " + MAX_ROUNDS + " rounds",
                    FailureCategory.RUN_FAILED));
        }
        return calls.stream()
                .filter(call -> !byName.containsKey(call.name()))
                .findFirst()
                .map(call -> new Outcome.Failed(
                        "unsupported_tool_call",
                        "The model called function '" + call.name() + "', which no handler serves",
                        FailureCategory.UNSUPPORTED_TOOL_CALL));
    }

    /**
     * A call the model made and waits on.
     *
     * @param callId the call's id upstream, which its output names
     * @param name the function's name
     * @param arguments the arguments as the model wrote them, a JSON object in text
     */
    public record PendingCall(String callId, String name, String arguments) {}

    /** What to send back for a round of calls. */
    public sealed interface Answer {
        /** One output per call, in the calls' order, recorded for the turn. */
        record Outputs(FunctionRound round) implements Answer {}

        /** The turn ends with {@code outcome} instead. */
        record Refused(Outcome.Failed outcome) implements Answer {}
    }
}
