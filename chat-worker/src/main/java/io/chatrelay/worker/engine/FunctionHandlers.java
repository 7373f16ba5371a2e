package io.chatrelay.worker.engine;

import io.chatrelay.common.wire.FailureCategory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

    /** The outputs for {@code calls} in order, or the failure that ends the turn. */
    public Answer answer(List<FunctionCall> calls, int round) {
        if (round >= MAX_ROUNDS) {
            return new Answer.Refused(new Outcome.Failed(
                    "function_call_loop",
                    "The model kept calling functions after " + MAX_ROUNDS + " rounds",
                    FailureCategory.RUN_FAILED));
        }
        for (FunctionCall call : calls) {
            if (!byName.containsKey(call.name())) {
                return new Answer.Refused(new Outcome.Failed(
                        "unsupported_tool_call",
                        "The model called function '" + call.name() + "', which no handler serves",
                        FailureCategory.UNSUPPORTED_TOOL_CALL));
            }
        }
        try {
            return new Answer.Outputs(calls.stream()
                    .map(call -> byName.get(call.name()).handle(call))
                    .toList());
        } catch (RuntimeException e) {
            return new Answer.Refused(new Outcome.Failed(
                    "function_call_failed",
                    "A function handler failed: " + e.getClass().getSimpleName(),
                    FailureCategory.RUN_FAILED));
        }
    }

    /** What to send back for a round of calls. */
    public sealed interface Answer {
        /** One output per call, in the calls' order. */
        record Outputs(List<String> outputs) implements Answer {}

        /** The turn ends with {@code outcome} instead. */
        record Refused(Outcome.Failed outcome) implements Answer {}
    }
}
