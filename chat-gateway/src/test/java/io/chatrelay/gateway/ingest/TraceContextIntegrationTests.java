package io.chatrelay.gateway.ingest;

import static io.chatrelay.gateway.support.GatewayFixtures.aChatBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.gateway.support.GatewayIntegrationTest;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.TestNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The trace of the HTTP request that posted a chat goes on with the request record, for the worker to continue. */
class TraceContextIntegrationTests extends GatewayIntegrationTest {

    @Test
    void theRequestRecordCarriesTheCallersTrace() {
        String company = TestNames.unique().id().toLowerCase();
        worker.registerCompany(company);
        String traceId = UUID.randomUUID().toString().replace("-", "");

        Map<?, ?> accepted = http().post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .bodyValue(aChatBody(company, "Trace me"))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();

        assertThat(traceparentOf((String) accepted.get("requestId")))
                .hasValueSatisfying(value -> assertThat(value).startsWith("00-" + traceId + "-"));
    }

    private static Optional<String> traceparentOf(String requestId) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        RealServices.kafkaBootstrapServers(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics().requests()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header id = record.headers().lastHeader(ChatHeaders.REQUEST_ID);
                    if (id != null && requestId.equals(new String(id.value(), StandardCharsets.UTF_8))) {
                        Header trace = record.headers().lastHeader(ChatHeaders.TRACEPARENT);
                        return Optional.ofNullable(trace).map(h -> new String(h.value(), StandardCharsets.UTF_8));
                    }
                }
            }
            return Optional.empty();
        }
    }
}
