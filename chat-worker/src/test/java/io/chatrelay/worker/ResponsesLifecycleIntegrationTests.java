package io.chatrelay.worker;

import static io.chatrelay.worker.WorkerFixtures.aChatRequest;
import static io.chatrelay.worker.WorkerFixtures.accept;
import static io.chatrelay.worker.WorkerFixtures.header;
import static io.chatrelay.worker.WorkerFixtures.history;
import static io.chatrelay.worker.WorkerFixtures.readAll;
import static io.chatrelay.worker.WorkerFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.conversations.ConversationCreateParams;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.EventType;
import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.testkit.RealServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The worker end to end with the responses engine. */
class ResponsesLifecycleIntegrationTests extends WorkerIntegrationTestSupport {

    @BeforeEach
    void seedProfile() {
        seedResponsesProfile();
    }

    @Test
    void completesATurnWithOrderedEventsWhoseDeltasMakeTheAnswer() {
        ChatRequest request = aChatRequest(NAMES.of("c-single"), "Where is my parcel?");

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        List<ChatEvent> events = history(redis, keys, request.requestId());
        assertThat(events.getFirst().type()).isEqualTo(EventType.QUEUED);
        assertThat(events).extracting(ChatEvent::type).contains(EventType.THREAD, EventType.STARTED, EventType.DELTA);
        assertThat(events.getLast()).isInstanceOf(ChatEvent.Completed.class);
        assertThat(events)
                .extracting(ChatEvent::seq)
                .isSorted()
                .doesNotHaveDuplicates()
                .startsWith(1L);
        ChatEvent.Completed completed = (ChatEvent.Completed) events.getLast();
        assertThat(deltas(events)).isEqualTo(completed.text());
        assertThat(completed.text()).startsWith("Turn 1: you said \"Where is my parcel?\".");
        assertThat(completed.usage().outputTokens()).isEqualTo(12);
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .isEqualTo(1);
    }

    @Test
    void takesTheAnswerOfACreateWhoseReplyWasLostInsteadOfCreatingASecondResponse() {
        // The simulator creates the response, then drops the connection: the retry cannot know it exists.
        ChatRequest request = aChatRequest(
                NAMES.of("c-lost-reply"), "[sim:fail=lostx1;" + OUTLASTS_THE_RETRY + "] Where is my parcel?");

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        assertThat(answer(request)).startsWith("Turn 1: you said \"Where is my parcel?\".");
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .as("responses created upstream")
                .isEqualTo(1);
        assertThat(history(redis, keys, request.requestId()))
                .filteredOn(event -> event.type().terminal())
                .hasSize(1);
    }

    @Test
    void takesTheAnswerOfACreateWhoseStreamBrokeBeforeNamingTheResponseInsteadOfCreatingASecond() {
        // The simulator creates the response and opens its stream, then drops the connection before response.created.
        ChatRequest request = aChatRequest(NAMES.of("c-cut-create"), "[sim:fail=cutx1] Where is my parcel?");

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        List<ChatEvent> events = history(redis, keys, request.requestId());
        assertThat(events)
                .as("the broken stream was retried, and clients were told so without the exception's words")
                .filteredOn(ChatEvent.RetryScheduled.class::isInstance)
                .map(event -> ((ChatEvent.RetryScheduled) event).reason())
                .containsOnly("the upstream did not answer");
        assertThat(answer(request)).startsWith("Turn 1: you said \"Where is my parcel?\".");
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .as("responses created upstream")
                .isEqualTo(1);
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).messages())
                .as("user messages sent upstream")
                .isEqualTo(1);
        assertThat(events).filteredOn(event -> event.type().terminal()).hasSize(1);
        assertThat(deadLettersSoFar(request.requestId())).isEmpty();
    }

    @Test
    void secondTurnSeesTheFirstAndTheConversationExpiresWithItsLastRequest() {
        String conversation = NAMES.of("c-two-turns");
        ChatRequest first = aChatRequest(conversation, "My name is Ada.");
        ChatRequest second = aChatRequest(conversation, "What is my name?");

        accept(redis, keys, topics, first);
        accept(redis, keys, topics, second);

        awaitStatus(second, "completed");
        assertThat(status(redis, keys, first.requestId())).isEqualTo("completed");
        assertThat(answer(second)).startsWith("Turn 2: you said \"What is my name?\"");
        String thread = redis.opsForValue().get(keys.conversationThread(conversation));
        assertThat(SIMULATOR.counters().forScope(thread).responses()).isEqualTo(2);
        // The upstream conversation is the company's: no other company may continue it by its id.
        assertThat(redis.opsForValue().get(keys.conversationCompany(thread))).isEqualTo(first.companySlug());
        // Both live as long as the conversation's last request.
        long requestTtl = redis.getExpire(keys.requestState(second.requestId()));
        assertThat(requestTtl).isPositive();
        assertThat(redis.getExpire(keys.conversationThread(conversation))).isBetween(requestTtl - 5, requestTtl);
        assertThat(redis.getExpire(keys.conversationCompany(thread))).isBetween(requestTtl - 5, requestTtl);
    }

    @Test
    void aRequestThatFailsOutsideTheLifecycleEndsDeadLetteredSoItsClientsStopWaiting() {
        ChatRequest request = aChatRequest(NAMES.of("c-unprocessable"), "Anyone there?");
        // A state the worker cannot read past its take-up: the replay count is not a number.
        redis.opsForHash().put(keys.requestState(request.requestId()), RequestStateFields.REPLAY_COUNT, "many");

        accept(redis, keys, topics, request);

        awaitStatus(request, "dead_lettered");
        assertThat(history(redis, keys, request.requestId()))
                .filteredOn(event -> event.type().terminal())
                .extracting(ChatEvent::type)
                .containsExactly(EventType.FAILED, EventType.DEAD_LETTERED);
        assertThat(deadLettersSoFar(request.requestId())).hasSize(1);
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .isZero();
    }

    @Test
    void manyConversationsRunConcurrentlyEachInOrderWithoutLockErrors() {
        int conversations = 50;
        int turns = 10;
        List<List<ChatRequest>> sent = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            List<ChatRequest> conversation = new ArrayList<>();
            for (int t = 1; t <= turns; t++) {
                conversation.add(aChatRequest(NAMES.of("c-many-" + c), "turn " + t + " of " + c));
            }
            sent.add(conversation);
        }
        for (int t = 0; t < turns; t++) {
            for (List<ChatRequest> conversation : sent) {
                accept(redis, keys, topics, conversation.get(t));
            }
        }

        for (List<ChatRequest> conversation : sent) {
            for (int t = 0; t < turns; t++) {
                ChatRequest request = conversation.get(t);
                awaitStatus(request, "completed");
                assertThat(answer(request)).startsWith("Turn " + (t + 1) + ": you said \"" + request.message() + "\"");
                assertThat(history(redis, keys, request.requestId()))
                        .noneMatch(e -> e instanceof ChatEvent.RetryScheduled r
                                && r.reason().contains("locked"));
            }
        }
    }

    @Test
    void retriesRateLimitHonouringRetryAfterThenCompletes() {
        ChatRequest request = aChatRequest(NAMES.of("c-429"), "Busy day [sim:fail=429x2;retry-after=300ms]");

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        List<ChatEvent.RetryScheduled> retries = history(redis, keys, request.requestId()).stream()
                .filter(ChatEvent.RetryScheduled.class::isInstance)
                .map(ChatEvent.RetryScheduled.class::cast)
                .toList();
        assertThat(retries).extracting(ChatEvent.RetryScheduled::attempt).containsExactly(2, 3);
        assertThat(retries).allSatisfy(r -> {
            assertThat(r.delayMs()).isEqualTo(300);
            assertThat(r.reason()).contains("429 rate_limit_exceeded");
        });
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .isEqualTo(1);
    }

    @Test
    void retriesServerErrorsThenCompletes() {
        ChatRequest request = aChatRequest(NAMES.of("c-503"), "Flaky [sim:fail=503x2]");

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        assertThat(history(redis, keys, request.requestId()))
                .filteredOn(ChatEvent.RetryScheduled.class::isInstance)
                .hasSize(2);
    }

    @Test
    void eventsCarryTheTraceOfTheRequestRecord() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        ChatRequest request = aChatRequest(NAMES.of("c-traced"), "Trace me");

        accept(redis, keys, topics, request, Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

        awaitStatus(request, "completed");
        List<ConsumerRecord<String, byte[]>> events =
                readAll(topics.events(), Duration.ofSeconds(3), Integer.MAX_VALUE).stream()
                        .filter(r -> request.requestId().equals(header(r, ChatHeaders.REQUEST_ID)))
                        .toList();
        assertThat(events)
                .hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(r -> assertThat(header(r, "traceparent")).startsWith("00-" + traceId + "-"));
    }

    @Test
    void functionCallServedByAHandlerContinuesTheTurnWithItsOutput() {
        ChatRequest request = aChatRequest(NAMES.of("c-function"), "Weather? [sim:tool=weather]");

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        List<ChatEvent> events = history(redis, keys, request.requestId());
        assertThat(answer(request)).contains("the function returned " + Functions.FORECAST);
        assertThat(deltas(events)).isEqualTo(answer(request));
        assertThat(events).filteredOn(e -> e.type() == EventType.STARTED).hasSize(1);
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .isEqualTo(2);
    }

    @Test
    void functionCallWithoutHandlerFails() {
        ChatRequest request = aChatRequest(NAMES.of("c-no-function"), "Weather? [sim:tool=get_weather]");

        accept(redis, keys, topics, request);

        awaitStatus(request, "dead_lettered");
        assertThat(history(redis, keys, request.requestId()))
                .anySatisfy(e -> assertThat(e)
                        .isInstanceOfSatisfying(
                                ChatEvent.Failed.class,
                                f -> assertThat(f.code()).isEqualTo("unsupported_tool_call")));
        assertThat(header(deadLetter(request.requestId()), ChatHeaders.FAILURE_CATEGORY))
                .isEqualTo("unsupported_tool_call");
    }

    @Test
    void deadLettersPermanentErrorWithHeadersAndTellsTheClient() {
        ChatRequest request = aChatRequest(NAMES.of("c-400"), "Bad one [sim:fail=400]");

        accept(redis, keys, topics, request);

        awaitStatus(request, "dead_lettered");
        List<ChatEvent> events = history(redis, keys, request.requestId());
        // The client hears the category's fixed message; the upstream's own words are for operators.
        String told = FailureCategory.UPSTREAM_REJECTED.clientMessage();
        assertThat(events.get(events.size() - 2)).isInstanceOfSatisfying(ChatEvent.Failed.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.message()).isEqualTo(told);
        });
        assertThat(events.getLast()).isInstanceOfSatisfying(ChatEvent.DeadLettered.class, d -> {
            assertThat(d.category()).isEqualTo("upstream_rejected");
            assertThat(d.reason()).isEqualTo(told);
        });
        assertThat(redis.opsForHash().get(keys.requestState(request.requestId()), RequestStateFields.ERROR_MESSAGE))
                .isEqualTo(told);
        ConsumerRecord<String, byte[]> dead = deadLetter(request.requestId());
        assertThat(header(dead, ChatHeaders.FAILURE_CATEGORY)).isEqualTo("upstream_rejected");
        assertThat(header(dead, ChatHeaders.FAILURE_REASON)).contains("400").isNotEqualTo(told);
        assertThat(header(dead, ChatHeaders.UPSTREAM_STATUS)).isEqualTo("400");
        assertThat(header(dead, ChatHeaders.UPSTREAM_REQUEST_ID)).startsWith("req_");
        assertThat(header(dead, ChatHeaders.ORIGINAL_TOPIC)).isEqualTo(topics.requests());
        assertThat(ChatCodec.instance().readRequest(dead.value())).isEqualTo(request);
    }

    @Test
    void insufficientQuotaIsNotRetried() {
        ChatRequest request = aChatRequest(NAMES.of("c-quota"), "No money [sim:fail=insufficient_quota]");

        accept(redis, keys, topics, request);

        awaitStatus(request, "dead_lettered");
        assertThat(history(redis, keys, request.requestId())).noneMatch(ChatEvent.RetryScheduled.class::isInstance);
        assertThat(header(deadLetter(request.requestId()), ChatHeaders.FAILURE_CATEGORY))
                .isEqualTo("quota_exceeded");
    }

    @Test
    void poisonRecordIsDeadLetteredWhileTheNextRecordIsProcessed() {
        String conversation = NAMES.of("c-poison");
        WorkerFixtures.publish(
                topics.requests(),
                conversation,
                "{not json".getBytes(StandardCharsets.UTF_8),
                "req-poison-" + NAMES.id());
        ChatRequest next = aChatRequest(conversation, "After the poison");
        accept(redis, keys, topics, next);

        awaitStatus(next, "completed");
        ConsumerRecord<String, byte[]> dead = deadLetter("req-poison-" + NAMES.id());
        assertThat(header(dead, ChatHeaders.FAILURE_CATEGORY)).isEqualTo("poison");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    }

    @Test
    void resumesARecordedResponseAfterRedeliveryWithoutCreatingAnother() {
        ChatRequest request = aChatRequest(NAMES.of("c-resume"), "Resume me");
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(SIMULATOR.baseUrl())
                .apiKey("sk-test")
                .maxRetries(0)
                .build();
        String conversation = client.conversations().create().id();
        Response earlier = client.responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-sim")
                        .conversation(conversation)
                        .input(request.message())
                        .background(true)
                        .metadata(ResponseCreateParams.Metadata.builder()
                                .putAdditionalProperty("chatrelay_request_id", JsonValue.from(request.requestId()))
                                .build())
                        .build());
        // What a worker that crashed after creating the response had checkpointed.
        redis.opsForValue().set(keys.conversationThread(request.conversationId()), conversation);
        redis.opsForHash().put(keys.requestState(request.requestId()), RequestStateFields.RUN_ID, earlier.id());
        redis.opsForHash().put(keys.requestState(request.requestId()), RequestStateFields.CREATE_ATTEMPTED, "true");

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .isEqualTo(1);
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).messages())
                .isEqualTo(1);
        assertThat(((ChatEvent.Completed)
                                history(redis, keys, request.requestId()).getLast())
                        .runId())
                .isEqualTo(earlier.id());
    }

    @Test
    void aCreateRefusedWith429IsAskedAgainInsteadOfTakingAnEarlierTurnsAnswerToTheSameMessage() {
        String message = "yes [sim:fail=429x1;retry-after=100ms]";
        ChatRequest request = aChatRequest(NAMES.of("c-same-words"), message);
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(SIMULATOR.baseUrl())
                .apiKey("sk-test")
                .maxRetries(0)
                .build();
        // An earlier turn of the conversation said the same words and got its answer.
        String conversation = client.conversations()
                .create(ConversationCreateParams.builder()
                        .addItem(EasyInputMessage.builder()
                                .role(EasyInputMessage.Role.USER)
                                .content(message)
                                .build())
                        .addItem(EasyInputMessage.builder()
                                .role(EasyInputMessage.Role.ASSISTANT)
                                .content("The answer of the earlier turn.")
                                .build())
                        .build())
                .id();
        redis.opsForValue().set(keys.conversationThread(request.conversationId()), conversation);

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        assertThat(((ChatEvent.Completed)
                                history(redis, keys, request.requestId()).getLast())
                        .text())
                .isNotEqualTo("The answer of the earlier turn.")
                .contains("you said");
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .isEqualTo(1);
    }

    @Test
    void startsANewConversationWhenTheConversationWasBoundByTheOtherEngine() {
        ChatRequest request = aChatRequest(NAMES.of("c-engine-changed"), "Hello again");
        // The company ran the assistants engine before: its conversation is bound to a thread.
        String thread = "thread_" + NAMES.id();
        redis.opsForValue().set(keys.conversationThread(request.conversationId()), thread);

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        String conversation = redis.opsForValue().get(keys.conversationThread(request.conversationId()));
        assertThat(conversation).startsWith("conv_");
        assertThat(history(redis, keys, request.requestId()))
                .anySatisfy(event -> assertThat(event)
                        .isInstanceOfSatisfying(
                                ChatEvent.ThreadBound.class,
                                bound -> assertThat(bound.threadId()).isEqualTo(conversation)));
        assertThat(deadLettersSoFar(request.requestId())).isEmpty();
    }

    @Test
    void startsANewConversationWhenTheBoundOneIsGoneUpstream() {
        ChatRequest request = aChatRequest(NAMES.of("c-gone"), "Hello after the move");
        // An earlier turn bound the conversation on another upstream server, before the base URL changed.
        String elsewhere = "conv_" + NAMES.id();
        redis.opsForValue().set(keys.conversationThread(request.conversationId()), elsewhere);

        accept(redis, keys, topics, request);

        awaitStatus(request, "completed");
        String conversation = redis.opsForValue().get(keys.conversationThread(request.conversationId()));
        assertThat(conversation).startsWith("conv_").isNotEqualTo(elsewhere);
        assertThat(history(redis, keys, request.requestId()))
                .filteredOn(ChatEvent.ThreadBound.class::isInstance)
                .last()
                .isInstanceOfSatisfying(
                        ChatEvent.ThreadBound.class,
                        bound -> assertThat(bound.threadId()).isEqualTo(conversation));
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .isEqualTo(1);
        assertThat(deadLettersSoFar(request.requestId())).isEmpty();
    }

    @Test
    @Tag(RealServices.REDIS_HEAVY)
    void cancelStopsARunningRequestUpstream() {
        ChatRequest request = aChatRequest(NAMES.of("c-cancel"), "Take your time [sim:latency=10s]");
        accept(redis, keys, topics, request);
        awaitStatus(request, "running");

        redis.opsForValue().set(keys.cancelFlag(request.requestId()), "1");
        redis.convertAndSend(keys.cancelChannel(), request.requestId());

        awaitStatus(request, "cancelled");
        assertThat(history(redis, keys, request.requestId()).getLast()).isInstanceOf(ChatEvent.Cancelled.class);
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).cancels())
                .isEqualTo(1);
    }

    @Test
    @Tag(RealServices.REDIS_HEAVY)
    void requestCancelledBeforeItStartsNeverReachesUpstream() {
        ChatRequest request = aChatRequest(NAMES.of("c-cancel-early"), "Never mind");
        redis.opsForValue().set(keys.cancelFlag(request.requestId()), "1");

        accept(redis, keys, topics, request);

        awaitStatus(request, "cancelled");
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .isZero();
    }

    @Test
    void eventsArePublishedToTheEventsTopicWithRoutingHeaders() {
        ChatRequest request = aChatRequest(NAMES.of("c-topic"), "Publish me");
        accept(redis, keys, topics, request);
        awaitStatus(request, "completed");
        int expected = history(redis, keys, request.requestId()).size();

        List<ConsumerRecord<String, byte[]>> mine =
                readAll(topics.events(), Duration.ofSeconds(20), Integer.MAX_VALUE / 2).stream()
                        .filter(r -> request.requestId().equals(header(r, ChatHeaders.REQUEST_ID)))
                        .toList();

        assertThat(mine).hasSize(expected);
        assertThat(mine).allSatisfy(r -> assertThat(r.key()).isEqualTo(request.conversationId()));
        assertThat(header(mine.getLast(), ChatHeaders.EVENT_TYPE)).isEqualTo("completed");
    }
}
