package io.chatrelay.gateway.ops;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of dead-letter operations.
 *
 * @param indexerEnabled whether this instance reads {@code chat.requests.DLT} into the Redis index
 * @param groupId consumer group of the indexer; instances share it, so each dead letter is indexed by one of them
 * @param pollTimeout how long one poll of the dead-letter topic waits
 * @param deadLetterPartitions partitions of {@code chat.requests.DLT} when the gateway creates it
 * @param previewChars length of the message preview in lists
 * @param maxPageSize largest {@code limit} of a list
 * @param scanLimit most index entries one list or replay selection reads before it returns a cursor
 * @param maxReplay largest {@code maxCount} of one replay
 * @param defaultReplay {@code maxCount} of a replay that names none
 * @param auditEntries how many audit entries are kept (older ones are trimmed)
 */
@ConfigurationProperties("chatrelay.gateway.ops")
record OpsProperties(
        @DefaultValue("true") boolean indexerEnabled,
        @DefaultValue("chat-gateway-ops") String groupId,
        @DefaultValue("500ms") Duration pollTimeout,
        @DefaultValue("12") int deadLetterPartitions,
        @DefaultValue("120") int previewChars,
        @DefaultValue("200") int maxPageSize,
        @DefaultValue("10000") int scanLimit,
        @DefaultValue("1000") int maxReplay,
        @DefaultValue("100") int defaultReplay,
        @DefaultValue("10000") int auditEntries) {}
