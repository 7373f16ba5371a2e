package io.chatrelay.worker;

import static io.chatrelay.worker.WorkerFixtures.aChatRequest;
import static io.chatrelay.worker.WorkerFixtures.accept;
import static io.chatrelay.worker.WorkerFixtures.header;
import static io.chatrelay.worker.WorkerFixtures.history;
import static io.chatrelay.worker.WorkerFixtures.readAll;
import static io.chatrelay.worker.WorkerFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.sim.OpenAiSimulator;
import io.chatrelay.sim.SimulatorSettings;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.RealServicesExtension;
import io.chatrelay.testkit.TestNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A {@code chat.events} that refuses every record, as a broker that cannot acknowledge does: a request the upstream
 * answered still ends {@code completed}, once, and is not dead-lettered. A context of its own, because the refusing
 * topic would break every other test's events.
 */
@SpringBootTest(classes = WorkerApplication.class)
@ExtendWith(RealServicesExtension.class)
class RefusedEventIntegrationTests {

    static final TestNames NAMES = TestNames.unique();
    static final OpenAiSimulator SIMULATOR = OpenAiSimulator.start(
            SimulatorSettings.defaults().withLatency(Duration.ofMillis(300)).withTokensPerReply(8));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        RealServices.register(registry);
        registry.add("chatrelay.naming.topic-prefix", NAMES::topicPrefix);
        registry.add("chatrelay.naming.redis-prefix", NAMES::redisPrefix);
        registry.add("chatrelay.worker.group-id", () -> NAMES.of("workers"));
        registry.add("chatrelay.worker.openai.base-url", SIMULATOR::baseUrl);
        // Records above 64 bytes are refused: no event fits, so Kafka acknowledges none of them.
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServices.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(NAMES.topics().events(), 1, (short) 1)
                            .configs(Map.of("max.message.bytes", "64"))))
                    .all()
                    .get();
        }
    }

    @AfterAll
    static void stop() {
        SIMULATOR.close();
    }

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    TopicNames topics;

    @Autowired
    RedisKeys keys;

    @Test
    void endsAnAnsweredRequestCompletedOnceWhenKafkaRefusesItsCompletedEvent() {
        redis.opsForValue()
                .set(
                        keys.companyProfile("acme"),
                        ChatCodec.instance().toJson(AssistantProfile.responses("gpt-sim", null)));
        ChatRequest request = aChatRequest(NAMES.of("refused"), "Answer me although nobody hears it live");

        accept(redis, keys, topics, request);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> status(redis, keys, request.requestId()).equals("completed"));
        List<ChatEvent> events = history(redis, keys, request.requestId());
        assertThat(events).filteredOn(ChatEvent.Completed.class::isInstance).hasSize(1);
        assertThat(events).noneMatch(e -> e instanceof ChatEvent.Failed || e instanceof ChatEvent.DeadLettered);
        assertThat(readAll(topics.deadLetters(), Duration.ofSeconds(3), 1))
                .noneMatch(r -> request.requestId().equals(header(r, ChatHeaders.REQUEST_ID)));
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .isEqualTo(1);
    }
}
