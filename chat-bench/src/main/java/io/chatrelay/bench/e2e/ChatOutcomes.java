package io.chatrelay.bench.e2e;

import io.chatrelay.bench.load.TrackedChat;
import io.chatrelay.bench.stack.RedisNodes;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.RequestStatus;
import java.util.List;

/**
 * What became of the chats posted in a window once the drain was over, each read once: completed, failed,
 * dead-lettered, cancelled, not ended, or refused (no 202); and how many were first turns or continued a
 * conversation.
 *
 * <p>The client stops reading a stream at its first terminal event, and a chat that went to the dead-letter topic
 * sends {@code failed} before {@code dead_lettered}; whether a failed chat was dead-lettered is read from its state
 * in Redis.
 */
record ChatOutcomes(
        int posted,
        int firstTurns,
        int continued,
        int completed,
        int failed,
        int deadLettered,
        int cancelled,
        int notEnded,
        int refused) {

    static ChatOutcomes of(List<TrackedChat> chats, RedisNodes redisNodes) {
        int continued = 0;
        int completed = 0;
        int failed = 0;
        int deadLettered = 0;
        int cancelled = 0;
        int notEnded = 0;
        int refused = 0;
        RedisKeys keys = new RedisKeys("chatrelay:");
        try (var client = redisNodes.connect()) {
            var redis = client.commands();
            for (TrackedChat chat : chats) {
                continued += chat.continued() ? 1 : 0;
                String terminal = chat.terminal();
                if (!chat.accepted()) {
                    refused++;
                } else if (terminal == null) {
                    notEnded++;
                } else {
                    switch (terminal) {
                        case "completed" -> completed++;
                        case "cancelled" -> cancelled++;
                        case "dead_lettered" -> deadLettered++;
                        default -> {
                            String status = redis.hget(keys.requestState(chat.requestId()), RequestStateFields.STATUS);
                            if (RequestStatus.DEAD_LETTERED.wireName().equals(status)) {
                                deadLettered++;
                            } else {
                                failed++;
                            }
                        }
                    }
                }
            }
        }
        int posted = chats.size();
        return new ChatOutcomes(
                posted, posted - continued, continued, completed, failed, deadLettered, cancelled, notEnded, refused);
    }

    /** The completed chats' share of those posted, from 0 to 1. */
    double completedShare() {
        return posted == 0 ? 0 : (double) completed / posted;
    }

    /** {@code 5,990 (99.8 %)}. */
    String ofPosted(int count) {
        return String.format("%,d (%.1f %%)", count, posted == 0 ? 0.0 : 100.0 * count / posted);
    }
}
