package io.chatrelay.sim;

import static io.chatrelay.sim.SimFixtures.aStrictClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIIoException;
import com.openai.models.beta.assistants.Assistant;
import com.openai.models.beta.assistants.AssistantCreateParams;
import com.openai.models.beta.assistants.AssistantStreamEvent;
import com.openai.models.beta.threads.Thread;
import com.openai.models.beta.threads.messages.Message;
import com.openai.models.beta.threads.messages.MessageCreateParams;
import com.openai.models.beta.threads.messages.MessageListParams;
import com.openai.models.beta.threads.runs.Run;
import com.openai.models.beta.threads.runs.RunCancelParams;
import com.openai.models.beta.threads.runs.RunCreateParams;
import com.openai.models.beta.threads.runs.RunRetrieveParams;
import com.openai.models.beta.threads.runs.RunStatus;
import com.openai.models.beta.threads.runs.RunSubmitToolOutputsParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Assistants v2 API (threads, messages, runs), driven through the real openai-java client. */
@SuppressWarnings("deprecation") // The Assistants API is deprecated upstream; the simulator still serves it.
class AssistantsApiTests {

    static OpenAiSimulator simulator;
    static OpenAIClient client;
    static Assistant assistant;

    @BeforeAll
    static void start() {
        simulator = SimFixtures.aFastSimulator();
        client = aStrictClient(simulator);
        assistant = client.beta()
                .assistants()
                .create(AssistantCreateParams.builder()
                        .model("gpt-sim")
                        .instructions("Be brief.")
                        .build());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void runCompletesAndTheAnswerIsTheNewestAssistantMessage() {
        Thread thread = client.beta().threads().create();
        addUserMessage(thread, "Hello assistant");

        Run run = client.beta().threads().runs().create(thread.id(), runParams());
        run.validate();
        assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> retrieve(thread, run).status().equals(RunStatus.COMPLETED));

        Run completed = retrieve(thread, run);
        completed.validate();
        assertThat(completed.usage()).isPresent();
        Message newest =
                client.beta().threads().messages().list(thread.id()).data().getFirst();
        newest.validate();
        assertThat(newest.role().asString()).isEqualTo("assistant");
        assertThat(newest.runId()).contains(run.id());
        assertThat(newest.content().getFirst().text().orElseThrow().text().value())
                .startsWith("Turn 1: you said \"Hello assistant\".");
    }

    @Test
    void runWaitingOnAFunctionGoesOnWithItsOutputAndRejectsWrongCallIds() {
        Thread thread = client.beta().threads().create();
        addUserMessage(thread, "Weather? [sim:tool=weather;latency=200ms]");
        Run run = client.beta().threads().runs().create(thread.id(), runParams());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> retrieve(thread, run).status().equals(RunStatus.REQUIRES_ACTION));
        var call = retrieve(thread, run)
                .requiredAction()
                .orElseThrow()
                .submitToolOutputs()
                .toolCalls()
                .getFirst();
        assertThat(call.function().name()).isEqualTo("weather");

        assertThatThrownBy(() -> submit(thread, run, "call_wrong", "x"))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.getMessage()).contains("Expected tool outputs"));
        submit(thread, run, call.id(), "sunny");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> retrieve(thread, run).status().equals(RunStatus.COMPLETED));

        Message newest =
                client.beta().threads().messages().list(thread.id()).data().getFirst();
        assertThat(newest.content().getFirst().text().orElseThrow().text().value())
                .contains("the function returned sunny");
        assertThatThrownBy(() -> submit(thread, run, call.id(), "again"))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.getMessage()).contains("do not accept"));
    }

    @Test
    void streamingRunEmitsThreadEventsAndEndsWithDone() {
        Thread thread = client.beta().threads().create();
        addUserMessage(thread, "Stream please");

        List<AssistantStreamEvent> events = new ArrayList<>();
        try (StreamResponse<AssistantStreamEvent> stream =
                client.beta().threads().runs().createStreaming(thread.id(), runParams())) {
            stream.stream().forEach(events::add);
        }

        assertThat(events.getFirst().isThreadRunCreated()).isTrue();
        assertThat(events.getLast().isThreadRunCompleted()).isTrue();
        StringBuilder text = new StringBuilder();
        events.stream()
                .filter(AssistantStreamEvent::isThreadMessageDelta)
                .forEach(e -> e.asThreadMessageDelta()
                        .data()
                        .delta()
                        .content()
                        .orElseThrow()
                        .forEach(part -> text.append(part.text()
                                .orElseThrow()
                                .text()
                                .orElseThrow()
                                .value()
                                .orElseThrow())));
        assertThat(text.toString()).startsWith("Turn 1: you said \"Stream please\".");
    }

    @Test
    void activeRunBlocksNewMessagesAndRunsWithOpenAiWording() {
        Thread thread = client.beta().threads().create();
        addUserMessage(thread, "Slow one [sim:latency=3s]");
        Run run = client.beta().threads().runs().create(thread.id(), runParams());

        assertThatThrownBy(() -> addUserMessage(thread, "Another"))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.getMessage())
                                .contains("Can't add messages to " + thread.id() + " while a run " + run.id()
                                        + " is active."));
        assertThatThrownBy(() -> client.beta().threads().runs().create(thread.id(), runParams()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.getMessage())
                                .contains("Thread " + thread.id() + " already has an active run " + run.id() + "."));
    }

    @Test
    void cancelMovesThroughCancellingToCancelled() {
        Thread thread = client.beta().threads().create();
        addUserMessage(thread, "Cancel me [sim:latency=5s]");
        Run run = client.beta().threads().runs().create(thread.id(), runParams());

        Run cancelling = client.beta()
                .threads()
                .runs()
                .cancel(
                        run.id(),
                        RunCancelParams.builder().threadId(thread.id()).build());

        assertThat(cancelling.status()).isEqualTo(RunStatus.CANCELLING);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> retrieve(thread, run).status().equals(RunStatus.CANCELLED));
        assertThat(simulator.counters().forScope(thread.id()).cancels()).isEqualTo(1);
    }

    @Test
    void lostMessageReplyAddsTheMessageThenDropsTheConnection() {
        Thread thread = client.beta().threads().create();
        String text = "Only once [sim:fail=lostx1;fail-on=message]";

        assertThatThrownBy(() -> addUserMessage(thread, text)).isInstanceOf(OpenAIIoException.class);

        assertThat(client.beta().threads().messages().list(thread.id()).data())
                .extracting(message ->
                        message.content().getFirst().text().orElseThrow().text().value())
                .containsExactly(text);
        assertThat(simulator.counters().forScope(thread.id()).messages()).isEqualTo(1);
        Run run = client.beta().threads().runs().create(thread.id(), runParams());
        // Created and answered: a fault aimed at the message leaves the run alone (queued, or already running on a
        // machine slow to answer).
        assertThat(run.status())
                .as("the run is not hit by a fault aimed at the message")
                .isIn(RunStatus.QUEUED, RunStatus.IN_PROGRESS);
    }

    @Test
    void lostRunReplyCreatesTheRunThenDropsTheConnection() {
        Thread thread = client.beta().threads().create();
        addUserMessage(thread, "Run once [sim:fail=lostx1]");

        assertThatThrownBy(() -> client.beta().threads().runs().createStreaming(thread.id(), runParams()))
                .isInstanceOf(OpenAIIoException.class);

        List<Run> runs = client.beta().threads().runs().list(thread.id()).data();
        assertThat(runs).hasSize(1);
        assertThat(simulator.counters().forScope(thread.id()).runs()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> retrieve(thread, runs.getFirst()).status().equals(RunStatus.COMPLETED));
    }

    @Test
    void cutRunStreamCreatesTheRunThenDropsTheConnectionBeforeTheFirstEvent() {
        Thread thread = client.beta().threads().create();
        addUserMessage(thread, "Stream once [sim:fail=cutx1]");
        List<AssistantStreamEvent> received = new ArrayList<>();

        // The call itself succeeds: HTTP 200 with the stream's headers.
        try (StreamResponse<AssistantStreamEvent> stream =
                client.beta().threads().runs().createStreaming(thread.id(), runParams())) {
            assertThatThrownBy(() -> stream.stream().forEach(received::add))
                    .as("the connection breaks, the stream does not just end")
                    .isInstanceOf(OpenAIIoException.class);
        }

        assertThat(received).isEmpty();
        List<Run> runs = client.beta().threads().runs().list(thread.id()).data();
        assertThat(runs).hasSize(1);
        assertThat(simulator.counters().forScope(thread.id()).runs()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> retrieve(thread, runs.getFirst()).status().equals(RunStatus.COMPLETED));
    }

    @Test
    void messagesPageWithAfterAndBefore() {
        Thread thread = client.beta().threads().create();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(addUserMessage(thread, "message " + i).id());
        }

        var firstPage = client.beta()
                .threads()
                .messages()
                .list(
                        thread.id(),
                        MessageListParams.builder()
                                .order(MessageListParams.Order.ASC)
                                .limit(2)
                                .build());
        var secondPage = firstPage.nextPage();
        var beforeLast = client.beta()
                .threads()
                .messages()
                .list(
                        thread.id(),
                        MessageListParams.builder()
                                .order(MessageListParams.Order.ASC)
                                .before(ids.get(4))
                                .limit(2)
                                .build());

        assertThat(firstPage.data()).extracting(Message::id).containsExactly(ids.get(0), ids.get(1));
        assertThat(firstPage.hasNextPage()).isTrue();
        assertThat(secondPage.data()).extracting(Message::id).containsExactly(ids.get(2), ids.get(3));
        assertThat(beforeLast.data()).extracting(Message::id).containsExactly(ids.get(2), ids.get(3));
    }

    @Test
    void missingBetaHeaderIsRejected() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/threads"))
                                .header("Authorization", "Bearer " + SimFixtures.API_KEY)
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"invalid_beta\"").contains("OpenAI-Beta: assistants=v2");
        assertThat(response.headers().firstValue("x-request-id"))
                .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    }

    @Test
    void unknownThreadAndAssistantAnswer404() {
        assertThatThrownBy(() -> client.beta().threads().retrieve("thread_missing"))
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        e -> assertThat(e.getMessage()).contains("No thread found with id 'thread_missing'."));
        Thread thread = client.beta().threads().create();
        addUserMessage(thread, "hi");
        assertThatThrownBy(() -> client.beta()
                        .threads()
                        .runs()
                        .create(
                                thread.id(),
                                RunCreateParams.builder()
                                        .assistantId("asst_missing")
                                        .build()))
                .isInstanceOf(NotFoundException.class);
    }

    private static Message addUserMessage(Thread thread, String text) {
        return client.beta()
                .threads()
                .messages()
                .create(
                        thread.id(),
                        MessageCreateParams.builder()
                                .role(MessageCreateParams.Role.USER)
                                .content(text)
                                .build());
    }

    private static Run submit(Thread thread, Run run, String callId, String output) {
        return client.beta()
                .threads()
                .runs()
                .submitToolOutputs(
                        run.id(),
                        RunSubmitToolOutputsParams.builder()
                                .threadId(thread.id())
                                .addToolOutput(RunSubmitToolOutputsParams.ToolOutput.builder()
                                        .toolCallId(callId)
                                        .output(output)
                                        .build())
                                .build());
    }

    private static RunCreateParams runParams() {
        return RunCreateParams.builder().assistantId(assistant.id()).build();
    }

    private static Run retrieve(Thread thread, Run run) {
        return client.beta()
                .threads()
                .runs()
                .retrieve(
                        run.id(),
                        RunRetrieveParams.builder().threadId(thread.id()).build());
    }
}
