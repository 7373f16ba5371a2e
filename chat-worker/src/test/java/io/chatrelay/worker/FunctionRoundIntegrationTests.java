package io.chatrelay.worker;

import static io.chatrelay.worker.WorkerFixtures.aChatRequest;
import static io.chatrelay.worker.WorkerFixtures.accept;
import static io.chatrelay.worker.WorkerFixtures.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStatus;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.worker.engine.FunctionHandlers;
import io.chatrelay.worker.engine.FunctionRound;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Function calls on the responses engine across a lost reply and a worker that stopped mid-round: the handler runs
 * once, the outputs are handed back once, and a resumed chain keeps its text and round count.
 */
@Tag(RealServices.REDIS_HEAVY)
class FunctionRoundIntegrationTests extends WorkerIntegrationTestSupport {

    private final OpenAIClient client = OpenAIOkHttpClient.builder()
            .baseUrl(SIMULATOR.baseUrl())
            .apiKey("sk-test")
            .maxRetries(0)
            .build();

    @BeforeEach
    void seedProfile() {
        seedResponsesProfile();
    }

    @Test
    void aHandBackWhoseReplyWasLostTakesTheAnswerItGotInsteadOfHandingTheOutputsBackAgain() {
        // The simulator takes the function's output and answers it, then drops the connection of the hand-back.
        ChatRequest request = aChatRequest(
                NAMES.of("f-lost-outputs"),
                "Weather? [sim:tool=weather;fail=lostx1;fail-on=outputs;" + OUTLASTS_THE_RETRY + "]");

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        List<ChatEvent> events = history(redis, keys, request.requestId());
        assertThat(events).as("the lost reply was retried").anyMatch(ChatEvent.RetryScheduled.class::isInstance);
        assertThat(answer(request)).contains("the function returned " + Functions.FORECAST);
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .as("responses created upstream")
                .isEqualTo(2);
        assertThat(Functions.handled(request.requestId())).isEqualTo(1);
        assertThat(events).filteredOn(event -> event.type().terminal()).hasSize(1);
        assertThat(deadLettersSoFar(request.requestId())).isEmpty();
    }

    @Test
    void aLostCreateWhoseResponseCalledAFunctionAnswersThatCallInsteadOfCreatingTheResponseAgain() {
        // The simulator creates the response, which calls the function, then drops the connection of the create.
        ChatRequest request = aChatRequest(
                NAMES.of("f-lost-create"), "Weather? [sim:tool=weather;fail=lostx1;" + OUTLASTS_THE_RETRY + "]");

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        assertThat(answer(request)).contains("the function returned " + Functions.FORECAST);
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .as("responses created upstream")
                .isEqualTo(2);
        assertThat(Functions.handled(request.requestId())).isEqualTo(1);
    }

    @Test
    void aGoThatStoppedAfterHandingTheOutputsBackTakesTheirAnswerWithoutRunningTheHandlerAgain() {
        ChatRequest request = aChatRequest(NAMES.of("f-crashed-hand-back"), "Weather? [sim:tool=weather]");
        String conversation = client.conversations().create().id();
        Response calling = finished(request, conversation, params -> params.input(request.message()));
        String callId = calling.output().getFirst().asFunctionCall().callId();
        // The stopped go ran the handler, recorded the round, and handed the output back; the response that
        // answered it was never recorded.
        FunctionRound round =
                new FunctionRound(calling.id(), 0, "", List.of(new FunctionRound.Output(callId, Functions.FORECAST)));
        finished(request, conversation, params -> params.inputOfResponse(List.of(handBack(round))));
        recordStoppedGo(request, conversation, calling.id(), round);

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        assertThat(answer(request)).contains("the function returned " + Functions.FORECAST);
        assertThat(Functions.handled(request.requestId())).isZero();
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .as("responses created upstream")
                .isEqualTo(2);
    }

    @Test
    void aResumedChainKeepsTheTextWrittenBeforeTheCalls() {
        ChatRequest request = aChatRequest(NAMES.of("f-chain-text"), "Weather? [sim:tool=weather]");
        String conversation = client.conversations().create().id();
        Response calling = finished(request, conversation, params -> params.input(request.message()));
        FunctionRound round = new FunctionRound(
                calling.id(),
                0,
                "Let me look. ",
                List.of(new FunctionRound.Output(
                        calling.output().getFirst().asFunctionCall().callId(), Functions.FORECAST)));
        // The stopped go had recorded the response that answers the output, and was following it.
        Response answering =
                finished(request, conversation, params -> params.inputOfResponse(List.of(handBack(round))));
        recordStoppedGo(request, conversation, answering.id(), round);

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        assertThat(answer(request)).startsWith("Let me look. ").contains("the function returned");
    }

    @Test
    void aResumedChainKeepsCountingItsRoundsOfCalls() {
        ChatRequest request = aChatRequest(NAMES.of("f-chain-rounds"), "Weather again? [sim:tool=weather]");
        String conversation = client.conversations().create().id();
        Response calling = finished(request, conversation, params -> params.input(request.message()));
        // The stopped go had answered all but the last round a turn may make, and followed the response that calls
        // the function once more.
        FunctionRound earlier = new FunctionRound(
                "resp_earlier",
                FunctionHandlers.MAX_ROUNDS - 1,
                "",
                List.of(new FunctionRound.Output("call_earlier", Functions.FORECAST)));
        recordStoppedGo(request, conversation, calling.id(), earlier);

        accept(redis, keys, topics, request);

        awaitStatus(request, "dead_lettered");
        assertThat(history(redis, keys, request.requestId()))
                .anySatisfy(event -> assertThat(event)
                        .isInstanceOfSatisfying(
                                ChatEvent.Failed.class,
                                failed -> assertThat(failed.code()).isEqualTo("function_call_loop")));
        assertThat(Functions.handled(request.requestId())).isZero();
    }

    /** Creates a background response of the request in {@code conversation} and waits until it ends. */
    private Response finished(ChatRequest request, String conversation, Consumer<ResponseCreateParams.Builder> input) {
        ResponseCreateParams.Builder params = ResponseCreateParams.builder()
                .model("gpt-sim")
                .conversation(conversation)
                .background(true)
                .metadata(ResponseCreateParams.Metadata.builder()
                        .putAdditionalProperty("chatrelay_request_id", JsonValue.from(request.requestId()))
                        .build());
        input.accept(params);
        String id = client.responses().create(params.build()).id();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> client.responses().retrieve(id).status().orElseThrow(), ResponseStatus.COMPLETED::equals);
        return client.responses().retrieve(id);
    }

    private static ResponseInputItem handBack(FunctionRound round) {
        FunctionRound.Output output = round.outputs().getFirst();
        return ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(output.callId())
                .output(output.output())
                .build());
    }
}
