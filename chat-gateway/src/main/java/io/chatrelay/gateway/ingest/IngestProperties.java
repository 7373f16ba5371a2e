package io.chatrelay.gateway.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of chat ingestion.
 *
 * @param maxMessageChars longest accepted message, in characters; longer ones are answered 413
 * @param maxMetadataEntries most metadata pairs a request may carry
 * @param publishTimeout how long to wait for Kafka to acknowledge a request before answering 503; keep it above
 *     the producer's {@code delivery.timeout.ms} so that Kafka's own verdict decides
 * @param stateTtl how long request state, history and conversation lists live in Redis
 * @param requestPartitions partitions of {@code chat.requests} when the gateway creates it
 */
@ConfigurationProperties("chatrelay.gateway.ingest")
record IngestProperties(
        @DefaultValue("32000") int maxMessageChars,
        @DefaultValue("16") int maxMetadataEntries,
        @DefaultValue("8s") Duration publishTimeout,
        @DefaultValue("24h") Duration stateTtl,
        @DefaultValue("12") int requestPartitions) {}
