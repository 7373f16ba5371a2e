package io.chatrelay.worker;

import static io.chatrelay.worker.WorkerFixtures.aChatRequest;
import static io.chatrelay.worker.WorkerFixtures.accept;
import static io.chatrelay.worker.WorkerFixtures.history;
import static io.chatrelay.worker.WorkerFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.codec.ChatCodec;
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
import io.chatrelay.worker.intake.RequestWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Two workers share a consumer group; one is stopped while its requests run upstream. The other takes its
 * partitions over and finishes each of them, once: one terminal event per request, one message and one
 * response per request upstream.
 */
@ExtendWith(RealServicesExtension.class)
class WorkerHandoverIntegrationTests {

    private static final TestNames NAMES = TestNames.unique();
    private static final TopicNames TOPICS = NAMES.topics();
    private static final RedisKeys KEYS = NAMES.redisKeys();
    private static OpenAiSimulator simulator;

    @BeforeAll
    static void start() throws Exception {
        simulator = OpenAiSimulator.start(
                SimulatorSettings.defaults().withLatency(Duration.ofSeconds(4)).withTokensPerReply(12));
        try (AdminClient admin =
                AdminClient.create(Map.of("bootstrap.servers", RealServices.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic(TOPICS.requests(), 4, (short) 1), new NewTopic(TOPICS.events(), 1, (short) 1)))
                    .all()
                    .get();
        }
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void requestsOfAStoppedWorkerAreFinishedOnceByTheOther() {
        ConfigurableApplicationContext staying = worker();
        ConfigurableApplicationContext leaving = worker();
        StringRedisTemplate redis = staying.getBean(StringRedisTemplate.class);
        redis.opsForValue()
                .set(
                        KEYS.companyProfile("acme"),
                        ChatCodec.instance().toJson(AssistantProfile.responses("gpt-sim", null)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> assignedPartitions(staying) == 2 && assignedPartitions(leaving) == 2);

        List<ChatRequest> requests = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ChatRequest request = aChatRequest(NAMES.of("handover-" + i), "Question " + i);
            requests.add(request);
            accept(redis, KEYS, TOPICS, request);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> requests.stream()
                        .allMatch(r -> redis.opsForHash()
                                .hasKey(KEYS.requestState(r.requestId()), RequestStateFields.RUN_ID)));
        int leftBehind = leaving.getBean(RequestWindow.class).inFlight();
        leaving.close();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> requests.stream()
                        .allMatch(r -> status(redis, KEYS, r.requestId()).equals("completed")));
        for (ChatRequest request : requests) {
            List<ChatEvent> events = history(redis, KEYS, request.requestId());
            assertThat(events)
                    .filteredOn(e -> e.type().terminal())
                    .singleElement()
                    .isInstanceOf(ChatEvent.Completed.class);
            ChatEvent.Completed completed = (ChatEvent.Completed) events.getLast();
            assertThat(events.stream()
                            .filter(ChatEvent.DeltaEmitted.class::isInstance)
                            .map(e -> ((ChatEvent.DeltaEmitted) e).text())
                            .reduce("", String::concat))
                    .isEqualTo(completed.text());
            assertThat(simulator.counters().forRequest(request.requestId()).messages())
                    .isEqualTo(1);
            assertThat(simulator.counters().forRequest(request.requestId()).responses())
                    .isEqualTo(1);
            assertThat(simulator.counters().forRequest(request.requestId()).cancels())
                    .isZero();
        }
        assertThat(leftBehind).as("requests in flight on the stopped worker").isPositive();
        staying.close();
    }

    private static int assignedPartitions(ConfigurableApplicationContext worker) {
        var container = worker.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("chat-requests");
        return container == null || container.getAssignedPartitions() == null
                ? 0
                : container.getAssignedPartitions().size();
    }

    private static ConfigurableApplicationContext worker() {
        return new SpringApplicationBuilder(WorkerApplication.class)
                .properties(Map.of(
                        "spring.kafka.bootstrap-servers", RealServices.kafkaBootstrapServers(),
                        "spring.data.redis.url", RealServices.redis().uri(),
                        "spring.main.web-application-type", "none",
                        "chatrelay.naming.topic-prefix", NAMES.topicPrefix(),
                        "chatrelay.naming.redis-prefix", NAMES.redisPrefix(),
                        "chatrelay.worker.group-id", NAMES.of("workers"),
                        "chatrelay.worker.drain-timeout", "0s",
                        "chatrelay.worker.lease-ttl", "5s",
                        "chatrelay.worker.openai.base-url", simulator.baseUrl()))
                .run();
    }
}
