package io.chatrelay.worker;

import static io.chatrelay.worker.WorkerFixtures.header;
import static io.chatrelay.worker.WorkerFixtures.readAll;
import static io.chatrelay.worker.WorkerFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.sim.OpenAiSimulator;
import io.chatrelay.sim.SimulatorSettings;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.RealServicesExtension;
import io.chatrelay.testkit.TestNames;
import io.chatrelay.worker.engine.FunctionCall;
import io.chatrelay.worker.engine.FunctionHandler;
import io.chatrelay.worker.engine.FunctionRound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One worker context shared by the integration tests: real broker, real Redis, the simulator over HTTP. Each test
 * uses its own conversation ids; topics and keys carry this run's unique prefixes.
 */
@SpringBootTest(classes = {WorkerApplication.class, WorkerIntegrationTestSupport.Functions.class})
@ExtendWith(RealServicesExtension.class)
abstract class WorkerIntegrationTestSupport {

    static final TestNames NAMES = TestNames.unique();
    /**
     * The simulator directive for a lost create's answer: it takes 1.5 s, so the retry's create finds the conversation
     * locked by the response the lost call created, as when the upstream is slower than the retry. (A response that
     * finishes between the retry's look and its create is answered twice: docs/decisions.md, "A create is reconciled
     * before it is asked again".)
     */
    static final String OUTLASTS_THE_RETRY = "latency=1500ms";

    static final OpenAiSimulator SIMULATOR = OpenAiSimulator.start(
            SimulatorSettings.defaults().withLatency(Duration.ofMillis(400)).withTokensPerReply(12));

    static {
        // Shared by every test class in this JVM, like the worker context itself.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(SIMULATOR::close));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RealServices.register(registry);
        registry.add("chatrelay.naming.topic-prefix", NAMES::topicPrefix);
        registry.add("chatrelay.naming.redis-prefix", NAMES::redisPrefix);
        registry.add("chatrelay.worker.group-id", () -> NAMES.of("workers"));
        registry.add("chatrelay.worker.openai.base-url", SIMULATOR::baseUrl);
        registry.add("chatrelay.worker.retry.initial-backoff", () -> "50ms");
        registry.add("chatrelay.worker.lease-ttl", () -> "5s");
        registry.add("chatrelay.worker.run-timeout", () -> "6s");
        // A short outage window, so earlier tests' successful calls do not dilute an outage test's failures.
        registry.add("chatrelay.worker.retry.outage.window", () -> "3s");
    }

    /** The one function the tests' model may call with a handler: {@code weather}; it counts its calls. */
    @TestConfiguration
    static class Functions {
        static final String FORECAST = "{\"forecast\":\"sunny\"}";
        private static final Map<String, AtomicInteger> HANDLED = new ConcurrentHashMap<>();

        /** How many times the handler ran for the request. */
        static int handled(String requestId) {
            return HANDLED.getOrDefault(requestId, new AtomicInteger()).get();
        }

        @Bean
        FunctionHandler weather() {
            return new FunctionHandler() {
                @Override
                public String name() {
                    return "weather";
                }

                @Override
                public String handle(FunctionCall call) {
                    HANDLED.computeIfAbsent(call.requestId(), id -> new AtomicInteger())
                            .incrementAndGet();
                    return FORECAST;
                }
            };
        }
    }

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    TopicNames topics;

    @Autowired
    RedisKeys keys;

    /** Company {@code acme} on the responses engine, with the simulator's model. */
    void seedResponsesProfile() {
        redis.opsForValue()
                .set(
                        keys.companyProfile("acme"),
                        ChatCodec.instance().toJson(AssistantProfile.responses("gpt-sim", "Answer briefly.")));
    }

    /**
     * What a go at {@code request} that stopped while following {@code runId} in {@code thread}, after answering
     * {@code round} of function calls, left in Redis.
     */
    void recordStoppedGo(ChatRequest request, String thread, String runId, FunctionRound round) {
        redis.opsForValue().set(keys.conversationThread(request.conversationId()), thread);
        redis.opsForHash()
                .putAll(
                        keys.requestState(request.requestId()),
                        Map.of(
                                RequestStateFields.THREAD_ID, thread,
                                RequestStateFields.RUN_ID, runId,
                                RequestStateFields.STARTED_RUN, runId,
                                RequestStateFields.CREATE_ATTEMPTED, "true",
                                RequestStateFields.FUNCTION_ROUND,
                                        ChatCodec.instance().toJson(round)));
    }

    ConsumerRecord<String, byte[]> deadLetter(String requestId) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            readAll(topics.deadLetters(), Duration.ofSeconds(2), Integer.MAX_VALUE / 2).stream()
                    .filter(r -> requestId.equals(header(r, ChatHeaders.REQUEST_ID)))
                    .findFirst()
                    .ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.getFirst();
    }

    /** The request's dead letters in topic order, once there are at least {@code count}. */
    List<ConsumerRecord<String, byte[]>> deadLetters(String requestId, int count) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.clear();
            readAll(topics.deadLetters(), Duration.ofSeconds(2), Integer.MAX_VALUE / 2).stream()
                    .filter(r -> requestId.equals(header(r, ChatHeaders.REQUEST_ID)))
                    .forEach(found::add);
            return found.size() >= count;
        });
        return List.copyOf(found);
    }

    /** The request's dead letters on the topic now, without waiting for one to arrive. */
    List<ConsumerRecord<String, byte[]>> deadLettersSoFar(String requestId) {
        return readAll(topics.deadLetters(), Duration.ofSeconds(2), Integer.MAX_VALUE / 2).stream()
                .filter(r -> requestId.equals(header(r, ChatHeaders.REQUEST_ID)))
                .toList();
    }

    void awaitStatus(ChatRequest request, String expected) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() ->
                        assertThat(status(redis, keys, request.requestId())).isEqualTo(expected));
    }

    String answer(ChatRequest request) {
        return String.valueOf(
                redis.opsForHash().get(keys.requestState(request.requestId()), RequestStateFields.ANSWER));
    }

    static String deltas(List<ChatEvent> events) {
        return events.stream()
                .filter(ChatEvent.DeltaEmitted.class::isInstance)
                .map(e -> ((ChatEvent.DeltaEmitted) e).text())
                .collect(Collectors.joining());
    }
}
