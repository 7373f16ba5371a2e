package io.chatrelay.worker;

import static io.chatrelay.worker.WorkerFixtures.aChatRequest;
import static io.chatrelay.worker.WorkerFixtures.accept;
import static io.chatrelay.worker.WorkerFixtures.header;
import static io.chatrelay.worker.WorkerFixtures.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.beta.assistants.AssistantCreateParams;
import com.openai.models.beta.threads.messages.MessageCreateParams;
import com.openai.models.beta.threads.runs.RunCreateParams;
import com.openai.models.beta.threads.runs.RunRetrieveParams;
import com.openai.models.beta.threads.runs.RunStatus;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.worker.engine.FunctionRound;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The worker end to end with the assistants engine, and the stops both engines share (timeout, tool calls). */
@SuppressWarnings("deprecation") // The Assistants API is deprecated upstream; compatible servers still serve it.
@Tag(RealServices.REDIS_HEAVY)
class AssistantsLifecycleIntegrationTests extends WorkerIntegrationTestSupport {

    static final String COMPANY = "legacy";

    OpenAIClient client;
    String assistant;

    @BeforeEach
    void seedLegacyProfile() {
        client = OpenAIOkHttpClient.builder()
                .baseUrl(SIMULATOR.baseUrl())
                .apiKey("sk-test")
                .maxRetries(0)
                .build();
        assistant = client.beta()
                .assistants()
                .create(AssistantCreateParams.builder()
                        .model("gpt-sim")
                        .instructions("Be kind.")
                        .build())
                .id();
        // The seed's format: a bare assistant id.
        redis.opsForValue().set(keys.companyProfile(COMPANY), assistant);
    }

    @Test
    void runsATwoTurnConversationOnAThread() {
        String conversation = NAMES.of("a-two-turns");
        ChatRequest first = legacy(conversation, "Hello from the old API");
        ChatRequest second = legacy(conversation, "Still there?");

        accept(redis, keys, topics, first);
        accept(redis, keys, topics, second);

        awaitStatus(second, "completed");
        assertThat(answer(first)).startsWith("Turn 1: you said \"Hello from the old API\".");
        assertThat(answer(second)).startsWith("Turn 2: you said \"Still there?\".");
        List<ChatEvent> events = history(redis, keys, second.requestId());
        assertThat(deltas(events)).isEqualTo(answer(second));
        String thread = redis.opsForValue().get(keys.conversationThread(conversation));
        assertThat(thread).startsWith("thread_");
        assertThat(SIMULATOR.counters().forScope(thread).messages()).isEqualTo(2);
        assertThat(SIMULATOR.counters().forScope(thread).runs()).isEqualTo(2);
    }

    @Test
    void startsANewThreadWhenTheBoundOneIsGoneUpstream() {
        ChatRequest request = legacy(NAMES.of("a-gone"), "Hello after the move");
        // An earlier turn bound the conversation on another upstream server, before the base URL changed.
        String elsewhere = "thread_" + NAMES.id();
        redis.opsForValue().set(keys.conversationThread(request.conversationId()), elsewhere);

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        String thread = redis.opsForValue().get(keys.conversationThread(request.conversationId()));
        assertThat(thread).startsWith("thread_").isNotEqualTo(elsewhere);
        assertThat(history(redis, keys, request.requestId()))
                .filteredOn(ChatEvent.ThreadBound.class::isInstance)
                .last()
                .isInstanceOfSatisfying(
                        ChatEvent.ThreadBound.class,
                        bound -> assertThat(bound.threadId()).isEqualTo(thread));
        assertThat(SIMULATOR.counters().forScope(thread).messages()).isEqualTo(1);
        assertThat(deadLettersSoFar(request.requestId())).isEmpty();
    }

    @Test
    void redeliveredRequestReusesItsMessageInsteadOfAddingAnother() {
        ChatRequest request = legacy(NAMES.of("a-redelivered"), "Only once please");
        String thread = client.beta().threads().create().id();
        addTaggedMessage(thread, request);
        // A worker crashed after adding the message but before recording it.
        redis.opsForValue().set(keys.conversationThread(request.conversationId()), thread);
        redis.opsForHash().put(keys.requestState(request.requestId()), RequestStateFields.CREATE_ATTEMPTED, "true");

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).messages())
                .isEqualTo(1);
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).runs()).isEqualTo(1);
    }

    @Test
    void reusesTheMessageOfAnAddWhoseReplyWasLostInsteadOfAddingASecond() {
        // The simulator adds the message, then drops the connection: the retry cannot know it is there.
        ChatRequest request =
                legacy(NAMES.of("a-lost-message"), "[sim:fail=lostx1;fail-on=message] Where is my parcel?");

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        assertExactlyOnceUpstream(request);
    }

    @Test
    void followsTheRunOfACreateWhoseReplyWasLostInsteadOfCreatingASecond() {
        // The simulator creates the run and lets it go on, then drops the connection without answering.
        ChatRequest request = legacy(NAMES.of("a-lost-run"), "[sim:fail=lostx1] Where is my parcel?");

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        assertExactlyOnceUpstream(request);
    }

    @Test
    void followsTheRunOfACreateWhoseStreamBrokeBeforeNamingTheRunInsteadOfCreatingASecond() {
        // The simulator creates the run and opens its stream, then drops the connection before thread.run.created.
        ChatRequest request = legacy(NAMES.of("a-cut-run"), "[sim:fail=cutx1] Where is my parcel?");

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        assertExactlyOnceUpstream(request);
        assertThat(deadLettersSoFar(request.requestId())).isEmpty();
    }

    /** One message, one run and one answer upstream, after a retry of a call whose reply was lost or cut. */
    private void assertExactlyOnceUpstream(ChatRequest request) {
        List<ChatEvent> events = history(redis, keys, request.requestId());
        assertThat(events).as("the lost reply was retried").anyMatch(ChatEvent.RetryScheduled.class::isInstance);
        assertThat(answer(request)).startsWith("Turn 1: you said \"Where is my parcel?\".");
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).messages())
                .as("user messages added upstream")
                .isEqualTo(1);
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).runs())
                .as("runs created upstream")
                .isEqualTo(1);
        assertThat(events).filteredOn(event -> event.type().terminal()).hasSize(1);
    }

    @Test
    void functionCallServedByAHandlerContinuesTheRunWithItsOutput() {
        ChatRequest request = legacy(NAMES.of("a-function"), "Weather? [sim:tool=weather]");

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        assertThat(answer(request)).contains("the function returned " + Functions.FORECAST);
        assertThat(deltas(history(redis, keys, request.requestId()))).isEqualTo(answer(request));
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).runs()).isEqualTo(1);
    }

    @Test
    void aRetriedSubmitOfOutputsTheRunAlreadyTookLetsTheRunGoOnInsteadOfFailingIt() {
        // The simulator takes the function's output and lets the run go on, then drops the connection of the submit.
        ChatRequest request =
                legacy(NAMES.of("a-lost-outputs"), "Weather? [sim:tool=weather;fail=lostx1;fail-on=outputs]");

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        List<ChatEvent> events = history(redis, keys, request.requestId());
        assertThat(events).as("the lost reply was retried").anyMatch(ChatEvent.RetryScheduled.class::isInstance);
        assertThat(events).filteredOn(event -> event.type().terminal()).hasSize(1);
        assertThat(answer(request)).contains("the function returned " + Functions.FORECAST);
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).runs()).isEqualTo(1);
        assertThat(Functions.handled(request.requestId())).isEqualTo(1);
        assertThat(deadLettersSoFar(request.requestId())).isEmpty();
    }

    @Test
    void aGoThatStoppedAfterRecordingItsOutputsSubmitsThemWithoutRunningTheHandlerAgain() {
        ChatRequest request = legacy(NAMES.of("a-crashed-outputs"), "Weather? [sim:tool=weather]");
        String thread = client.beta().threads().create().id();
        addTaggedMessage(thread, request);
        String run = client.beta()
                .threads()
                .runs()
                .create(
                        thread,
                        RunCreateParams.builder()
                                .assistantId(assistant)
                                .metadata(RunCreateParams.Metadata.builder()
                                        .putAdditionalProperty(
                                                "chatrelay_request_id", JsonValue.from(request.requestId()))
                                        .build())
                                .build())
                .id();
        RunRetrieveParams retrieve =
                RunRetrieveParams.builder().threadId(thread).build();
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> client.beta()
                                .threads()
                                .runs()
                                .retrieve(run, retrieve)
                                .status(),
                        RunStatus.REQUIRES_ACTION::equals);
        String callId = client.beta()
                .threads()
                .runs()
                .retrieve(run, retrieve)
                .requiredAction()
                .orElseThrow()
                .submitToolOutputs()
                .toolCalls()
                .getFirst()
                .id();
        // The stopped go ran the handler and recorded the round, but did not submit it.
        FunctionRound round =
                new FunctionRound(run, 0, "", List.of(new FunctionRound.Output(callId, Functions.FORECAST)));
        recordStoppedGo(request, thread, run, round);

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        assertThat(answer(request)).contains("the function returned " + Functions.FORECAST);
        assertThat(Functions.handled(request.requestId())).isZero();
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).runs()).isEqualTo(1);
    }

    @Test
    void functionCallWithoutHandlerCancelsTheRunAndFails() {
        ChatRequest request = legacy(NAMES.of("a-tool"), "Weather? [sim:tool=get_weather]");

        accept(redis, keys, topics, request);

        awaitStatus(request, "dead_lettered");
        assertThat(history(redis, keys, request.requestId()))
                .anySatisfy(e -> assertThat(e)
                        .isInstanceOfSatisfying(
                                ChatEvent.Failed.class,
                                f -> assertThat(f.code()).isEqualTo("unsupported_tool_call")));
        assertThat(header(deadLetter(request.requestId()), ChatHeaders.FAILURE_CATEGORY))
                .isEqualTo("unsupported_tool_call");
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).cancels())
                .isEqualTo(1);
    }

    @Test
    void runLongerThanTheTimeoutIsCancelledUpstreamAndFailed() {
        ChatRequest request = legacy(NAMES.of("a-timeout"), "Endless [sim:latency=60s]");

        accept(redis, keys, topics, request);

        awaitStatus(request, "dead_lettered");
        assertThat(header(deadLetter(request.requestId()), ChatHeaders.FAILURE_CATEGORY))
                .isEqualTo("run_timeout");
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).cancels())
                .isEqualTo(1);
    }

    /** Adds the request's message to {@code thread}, tagged with its request id as the worker tags it. */
    private void addTaggedMessage(String thread, ChatRequest request) {
        client.beta()
                .threads()
                .messages()
                .create(
                        thread,
                        MessageCreateParams.builder()
                                .role(MessageCreateParams.Role.USER)
                                .content(request.message())
                                .metadata(MessageCreateParams.Metadata.builder()
                                        .putAdditionalProperty(
                                                "chatrelay_request_id", JsonValue.from(request.requestId()))
                                        .build())
                                .build());
    }

    private static ChatRequest legacy(String conversation, String message) {
        ChatRequest request = aChatRequest(conversation, message);
        return new ChatRequest(
                request.schemaVersion(),
                request.requestId(),
                request.conversationId(),
                COMPANY,
                request.message(),
                request.metadata(),
                request.acceptedAt(),
                0);
    }
}
