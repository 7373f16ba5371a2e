package io.chatrelay.sim;

import static io.chatrelay.sim.SimFixtures.aBackgroundResponse;
import static io.chatrelay.sim.SimFixtures.aStrictClient;
import static io.chatrelay.sim.SimFixtures.aTurn;
import static io.chatrelay.sim.SimFixtures.answerOf;
import static io.chatrelay.sim.SimFixtures.streamedToTheEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.models.conversations.Conversation;
import com.openai.models.conversations.items.ConversationItem;
import com.openai.models.conversations.items.ItemListParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseRetrieveParams;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Responses and Conversations APIs, driven through the real openai-java client. */
class ResponsesApiTests {

    static OpenAiSimulator simulator;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        simulator = SimFixtures.aFastSimulator();
        client = aStrictClient(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void plainResponseCompletesWithDeterministicAnswerAndUsage() {
        Response response = client.responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-sim")
                        .input("Hello there")
                        .build());

        response.validate();
        assertThat(response.status()).contains(ResponseStatus.COMPLETED);
        assertThat(answerOf(response)).startsWith("Turn 1: you said \"Hello there\".");
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(12);
    }

    @Test
    void secondTurnSeesTheFirstAndCountsHistoryAsInput() {
        Conversation conversation = client.conversations().create();
        conversation.validate();

        Response first = client.responses()
                .create(aTurn(conversation.id(), "What is two plus two?").build());
        Response second = client.responses()
                .create(aTurn(conversation.id(), "And three plus three?").build());

        assertThat(answerOf(second)).startsWith("Turn 2: you said \"And three plus three?\"");
        long firstTotal = first.usage().orElseThrow().inputTokens()
                + first.usage().orElseThrow().outputTokens();
        assertThat(second.usage().orElseThrow().inputTokens()).isGreaterThan(firstTotal);
        assertThat(second.conversation().orElseThrow().id()).isEqualTo(conversation.id());
    }

    @Test
    void backgroundResponseMovesFromQueuedToCompleted() {
        Response created = client.responses().create(aBackgroundResponse("Hi"));
        created.validate();
        assertThat(created.status()).contains(ResponseStatus.QUEUED);

        await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> client.responses().retrieve(created.id()).status().orElseThrow(),
                        ResponseStatus.COMPLETED::equals);
    }

    @Test
    void streamDeliversEventsInOrderWithSequenceNumbersAndReassemblesTheAnswer() {
        List<ResponseStreamEvent> events = streamedToTheEnd(client, "Stream me");

        assertThat(events.getFirst().isCreated()).isTrue();
        assertThat(events.get(1).isQueued()).isTrue();
        assertThat(events.get(2).isInProgress()).isTrue();
        assertThat(events.getLast().isCompleted()).isTrue();
        StringBuilder text = new StringBuilder();
        events.stream()
                .filter(ResponseStreamEvent::isOutputTextDelta)
                .forEach(e -> text.append(e.asOutputTextDelta().delta()));
        Response completed = events.getLast().asCompleted().response();
        assertThat(text.toString()).isEqualTo(answerOf(completed)).startsWith("Turn 1: you said \"Stream me\"");
        for (int i = 0; i < events.size(); i++) {
            assertThat(sequenceNumber(events.get(i))).isEqualTo(i);
        }
    }

    @Test
    void cutStreamResumesWithStartingAfterWithoutLossOrDuplicate() {
        List<ResponseStreamEvent> firstPart = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream =
                client.responses().createStreaming(aBackgroundResponse("Resume me [sim:cut-stream-after=6]"))) {
            stream.stream().forEach(firstPart::add);
        } catch (RuntimeException cut) {
            // A cut stream may surface as an I/O error; what arrived before it counts.
        }
        assertThat(firstPart).hasSize(6);
        String id = firstPart.getFirst().asCreated().response().id();
        long last = sequenceNumber(firstPart.getLast());

        List<ResponseStreamEvent> rest = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses()
                .retrieveStreaming(
                        id, ResponseRetrieveParams.builder().startingAfter(last).build())) {
            stream.stream().forEach(rest::add);
        }

        assertThat(sequenceNumber(rest.getFirst())).isEqualTo(last + 1);
        assertThat(rest.getLast().isCompleted()).isTrue();
    }

    @Test
    void cutCreatesTheResponseThenDropsItsStreamBeforeTheFirstEvent() {
        Conversation conversation = client.conversations().create();
        List<ResponseStreamEvent> received = new ArrayList<>();

        // The call itself succeeds: HTTP 200 with the stream's headers.
        try (StreamResponse<ResponseStreamEvent> stream = client.responses()
                .createStreaming(aTurn(conversation.id(), "Cut me [sim:fail=cutx1]")
                        .background(true)
                        .build())) {
            assertThatThrownBy(() -> stream.stream().forEach(received::add))
                    .as("the connection breaks, the stream does not just end")
                    .isInstanceOf(OpenAIIoException.class);
        }

        assertThat(received).isEmpty();
        assertThat(simulator.counters().forScope(conversation.id()).responses()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5))
                // Until the response ends the conversation is empty, and the strict client rejects an empty page.
                .ignoreException(OpenAIInvalidDataException.class)
                .untilAsserted(() -> assertThat(roles(client.conversations()
                                .items()
                                .list(conversation.id())
                                .data()))
                        .as("the response ran to its end upstream")
                        .containsExactly("assistant", "user"));
    }

    @Test
    void cutHitsOnlyTheFirstAttemptsOfItsMessage() {
        ResponseCreateParams params = ResponseCreateParams.builder()
                .model("gpt-sim")
                .input("Cut once [sim:fail=cutx1]")
                .build();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
            assertThatThrownBy(() -> stream.stream().forEach(event -> {})).isInstanceOf(OpenAIIoException.class);
        }

        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
            stream.stream().forEach(events::add);
        }

        assertThat(events.getFirst().isCreated()).isTrue();
        assertThat(events.getLast().isCompleted()).isTrue();
    }

    @Test
    void cancelStopsABackgroundResponseAndIsIdempotent() {
        Response created = client.responses().create(aBackgroundResponse("Long one [sim:latency=5s]"));

        Response cancelled = client.responses().cancel(created.id());
        Response again = client.responses().cancel(created.id());

        assertThat(cancelled.status()).contains(ResponseStatus.CANCELLED);
        assertThat(again.status()).contains(ResponseStatus.CANCELLED);
        assertThat(simulator.counters().totals().cancels()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void cancelOfACompletedResponseIsRejected() {
        Response created = client.responses().create(aBackgroundResponse("Quick [sim:latency=0s]"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> client.responses()
                        .retrieve(created.id())
                        .status()
                        .orElseThrow()
                        .equals(ResponseStatus.COMPLETED));

        assertThatThrownBy(() -> client.responses().cancel(created.id()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.getMessage()).contains("Cannot cancel a completed response."));
    }

    @Test
    void secondActiveResponseOnAConversationIsLocked() {
        Conversation conversation = client.conversations().create();
        client.responses()
                .create(aTurn(conversation.id(), "First [sim:latency=3s]")
                        .background(true)
                        .build());

        assertThatThrownBy(() -> client.responses()
                        .create(aTurn(conversation.id(), "Second")
                                .background(true)
                                .build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.code()).contains("conversation_locked");
                    assertThat(e.param()).contains("conversation");
                });
    }

    @Test
    void functionOutputHandedBackIsAnsweredAndUnknownCallIdsAreRejected() {
        Conversation conversation = client.conversations().create();
        Response call = client.responses()
                .create(aTurn(conversation.id(), "Weather? [sim:tool=weather;latency=0s]")
                        .build());
        var functionCall = call.output().getFirst().functionCall().orElseThrow();
        assertThat(functionCall.name()).isEqualTo("weather");

        Response answer = client.responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-sim")
                        .conversation(conversation.id())
                        .inputOfResponse(List.of(
                                ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                        .callId(functionCall.callId())
                                        .output("sunny")
                                        .build())))
                        .build());

        assertThat(answer.status()).contains(ResponseStatus.COMPLETED);
        assertThat(answer.output().stream().flatMap(i -> i.functionCall().stream()))
                .isEmpty();
        assertThat(answerOf(answer)).contains("the function returned sunny");
        assertThatThrownBy(() -> client.responses()
                        .create(ResponseCreateParams.builder()
                                .model("gpt-sim")
                                .conversation(conversation.id())
                                .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(
                                        ResponseInputItem.FunctionCallOutput.builder()
                                                .callId("call_unknown")
                                                .output("x")
                                                .build())))
                                .build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.getMessage()).contains("No tool call found"));
    }

    @Test
    void maxOutputTokensEndsIncomplete() {
        Response response = client.responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-sim")
                        .input("Be long [sim:tokens=40]")
                        .maxOutputTokens(16)
                        .build());

        assertThat(response.status()).contains(ResponseStatus.INCOMPLETE);
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(16);
    }

    @Test
    void conversationItemsListInBothOrdersWithCursor() {
        Conversation conversation = client.conversations().create();
        client.responses()
                .create(aTurn(conversation.id(), "one [sim:latency=0s]").build());
        client.responses()
                .create(aTurn(conversation.id(), "two [sim:latency=0s]").build());

        var ascending = client.conversations()
                .items()
                .list(
                        conversation.id(),
                        ItemListParams.builder()
                                .order(ItemListParams.Order.ASC)
                                .limit(3)
                                .build());
        var descending = client.conversations().items().list(conversation.id());

        assertThat(ascending.data()).hasSize(3);
        assertThat(ascending.hasNextPage()).isTrue();
        assertThat(roles(ascending.data())).containsExactly("user", "assistant", "user");
        assertThat(roles(descending.data())).containsExactly("assistant", "user", "assistant", "user");
        var next = ascending.nextPage();
        assertThat(roles(next.data())).containsExactly("assistant");
    }

    @Test
    void unknownIdsAnswer404WithOpenAiWording() {
        assertThatThrownBy(() -> client.responses().retrieve("resp_missing"))
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        e -> assertThat(e.getMessage()).contains("Response with id 'resp_missing' not found."));
        assertThatThrownBy(() ->
                        client.responses().create(aTurn("conv_missing", "hi").build()))
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        e -> assertThat(e.getMessage()).contains("Conversation with id 'conv_missing' not found."));
    }

    private static List<String> roles(List<ConversationItem> items) {
        return items.stream()
                .map(i -> i.message().orElseThrow().role().asString())
                .toList();
    }

    private static long sequenceNumber(ResponseStreamEvent e) {
        if (e.isCreated()) return e.asCreated().sequenceNumber();
        if (e.isQueued()) return e.asQueued().sequenceNumber();
        if (e.isInProgress()) return e.asInProgress().sequenceNumber();
        if (e.isOutputItemAdded()) return e.asOutputItemAdded().sequenceNumber();
        if (e.isContentPartAdded()) return e.asContentPartAdded().sequenceNumber();
        if (e.isOutputTextDelta()) return e.asOutputTextDelta().sequenceNumber();
        if (e.isOutputTextDone()) return e.asOutputTextDone().sequenceNumber();
        if (e.isContentPartDone()) return e.asContentPartDone().sequenceNumber();
        if (e.isOutputItemDone()) return e.asOutputItemDone().sequenceNumber();
        if (e.isCompleted()) return e.asCompleted().sequenceNumber();
        throw new AssertionError("unexpected event " + e);
    }
}
