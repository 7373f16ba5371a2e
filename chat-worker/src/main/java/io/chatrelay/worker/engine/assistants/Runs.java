package io.chatrelay.worker.engine.assistants;

import com.openai.client.OpenAIClient;
import com.openai.models.beta.threads.runs.RequiredActionFunctionToolCall;
import com.openai.models.beta.threads.runs.Run;
import com.openai.models.beta.threads.runs.RunCancelParams;
import com.openai.models.beta.threads.runs.RunRetrieveParams;
import com.openai.models.beta.threads.runs.RunStatus;
import com.openai.models.beta.threads.runs.RunSubmitToolOutputsParams;
import io.chatrelay.worker.engine.FunctionHandlers;
import io.chatrelay.worker.engine.FunctionRound;
import io.chatrelay.worker.engine.Outcome;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.retry.UpstreamRetry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** A turn's run upstream: reading it, cancelling it, and answering the function calls it waits on. */
@SuppressWarnings("deprecation") // The Assistants API is deprecated upstream; compatible servers still serve it.
final class Runs {

    private final OpenAIClient client;
    private final UpstreamRetry retry;
    private final FunctionHandlers functions;

    Runs(OpenAIClient client, UpstreamRetry retry, FunctionHandlers functions) {
        this.client = client;
        this.retry = retry;
        this.functions = functions;
    }

    Run retrieve(Turn turn, String thread, String runId) {
        return retry.run(
                "threads.runs.retrieve",
                turn.progress(),
                () -> client.beta()
                        .threads()
                        .runs()
                        .retrieve(
                                runId,
                                RunRetrieveParams.builder().threadId(thread).build()));
    }

    /** Answers the calls the run waits on and submits the outputs; or the failure that ends the turn. */
    Optional<Outcome.Failed> answerCalls(Turn turn, String thread, Run run) {
        FunctionHandlers.Answer answer = functions.answer(
                turn,
                run.id(),
                "",
                pendingCalls(run).stream()
                        .map(call -> new FunctionHandlers.PendingCall(
                                call.id(),
                                call.function().name(),
                                call.function().arguments()))
                        .toList());
        return switch (answer) {
            case FunctionHandlers.Answer.Outputs(FunctionRound round) -> {
                submit(turn, thread, run.id(), round);
                yield Optional.empty();
            }
            case FunctionHandlers.Answer.Refused(Outcome.Failed outcome) -> Optional.of(outcome);
        };
    }

    /**
     * Submits the round's outputs. A retry after an attempt whose reply was lost first looks at the run: when it no
     * longer waits on these calls, the outputs were taken, and submitting them again would be refused.
     */
    private void submit(Turn turn, String thread, String runId, FunctionRound round) {
        RunSubmitToolOutputsParams.Builder params =
                RunSubmitToolOutputsParams.builder().threadId(thread);
        round.outputs()
                .forEach(output -> params.addToolOutput(RunSubmitToolOutputsParams.ToolOutput.builder()
                        .toolCallId(output.callId())
                        .output(output.output())
                        .build()));
        AtomicBoolean attempted = new AtomicBoolean();
        retry.run("threads.runs.submit_tool_outputs", turn.progress(), () -> {
            boolean taken = attempted.getAndSet(true) && !waitsOn(retrieve(turn, thread, runId), round);
            if (!taken) {
                client.beta().threads().runs().submitToolOutputs(runId, params.build());
            }
            return round;
        });
    }

    private static boolean waitsOn(Run run, FunctionRound round) {
        return run.status().equals(RunStatus.REQUIRES_ACTION)
                && round.answers(pendingCalls(run).stream()
                        .map(RequiredActionFunctionToolCall::id)
                        .toList());
    }

    private static List<RequiredActionFunctionToolCall> pendingCalls(Run run) {
        return run.requiredAction()
                .map(action -> action.submitToolOutputs().toolCalls())
                .orElse(List.of());
    }

    void cancel(Turn turn, String thread, String runId) {
        try {
            retry.run(
                    "threads.runs.cancel",
                    turn.progress(),
                    () -> client.beta()
                            .threads()
                            .runs()
                            .cancel(
                                    runId,
                                    RunCancelParams.builder().threadId(thread).build()));
        } catch (RuntimeException e) {
            // Already finished: nothing left to stop upstream.
        }
    }
}
