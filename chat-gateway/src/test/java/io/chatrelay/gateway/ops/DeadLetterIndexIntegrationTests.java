package io.chatrelay.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.testkit.LostReplyProxy;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.RedisConnections;
import io.chatrelay.testkit.TestNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The dead-letter index in real Redis, reached through a proxy that can lose an answer. */
class DeadLetterIndexIntegrationTests {

    private final TestNames names = TestNames.unique();
    private final RedisKeys keys = names.redisKeys();
    private LostReplyProxy proxy;
    private LettuceConnectionFactory connections;
    private DeadLetterIndex index;

    @BeforeEach
    void start() {
        proxy = LostReplyProxy.start(
                RealServices.redis().host(), RealServices.redis().port());
        connections = RedisConnections.to(proxy.host(), proxy.port());
        index = new DeadLetterIndex(new StringRedisTemplate(connections), keys);
    }

    @AfterEach
    void stop() {
        connections.destroy();
        proxy.close();
    }

    @Test
    void countsAResolutionAsDoneWhenItsAnswerWasLostAndTheClientSentItAgain() {
        DeadLetter entry = aDeadLetter(names.of("req"), 5);
        index.index(entry);
        // Loads the script first, so that the answer lost is the one of the resolution itself.
        index.resolve(aDeadLetter(names.of("req"), 6), discarded());

        proxy.loseNextReply();
        DeadLetterIndex.Resolved resolved = index.resolve(entry, discarded());

        assertThat(proxy.repliesLost()).isEqualTo(1);
        assertThat(resolved).isEqualTo(DeadLetterIndex.Resolved.RESOLVED);
        assertThat(index.find(entry.id()).orElseThrow().resolution().kind()).isEqualTo(DeadLetter.DISCARDED);
        assertThat(index.resolve(entry, discarded()))
                .as("another operator's resolution")
                .isEqualTo(DeadLetterIndex.Resolved.NOT_OPEN);
    }

    @Test
    void keepsAReplayedEntryResolvedWhenALateCopyOfTheSameDeadLetterArrives() {
        DeadLetter entry = aDeadLetter(names.of("req-copy"), 5);
        index.index(entry);
        index.resolve(entry, new DeadLetter.Resolution(DeadLetter.REPLAYED, Instant.now(), "ops", null));

        // A worker's publish was retried after its wait ran out, and Kafka took both copies of the same failure.
        DeadLetterIndex.Indexed indexed = index.index(aDeadLetter(names.of("req-copy"), 6));

        assertThat(indexed).isEqualTo(DeadLetterIndex.Indexed.SKIPPED);
        assertThat(index.find(entry.id()).orElseThrow().resolution().kind()).isEqualTo(DeadLetter.REPLAYED);
    }

    private static DeadLetter.Resolution discarded() {
        return new DeadLetter.Resolution(DeadLetter.DISCARDED, Instant.now(), "ops", "duplicate");
    }

    private DeadLetter aDeadLetter(String requestId, long offset) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(
                names.topics().deadLetters(),
                0,
                offset,
                "cnv-1",
                ChatCodec.instance()
                        .toBytes(ChatRequest.of(requestId, "cnv-1", "acme", "hello", Map.of(), Instant.now())));
        record.headers().add(ChatHeaders.REQUEST_ID, requestId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(ChatHeaders.FAILURE_CATEGORY, "upstream_rejected".getBytes(StandardCharsets.UTF_8));
        return DeadLetter.from(record);
    }
}
