package io.chatrelay.bench.drill;

import io.chatrelay.bench.load.TrackedChat;
import io.chatrelay.bench.stack.Stack;
import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what really happened to each accepted request, from the places that cannot be fooled by the client: its event
 * history in Redis (every event a worker emitted, in seq order) and the simulator's counts of what the request created
 * upstream.
 */
final class Audit {

    private Audit() {}

    static List<Outcome> of(Stack stack, List<TrackedChat> chats) {
        JsonNode counts = JsonMapper.builder()
                .build()
                .readTree(stack.simulator().countsByRequest())
                .path("by_request");
        RedisKeys keys = new RedisKeys("chatrelay:");

        List<Outcome> outcomes = new ArrayList<>();
        try (var client = stack.redis().connect()) {
            var redis = client.commands();
            for (TrackedChat chat : chats) {
                if (!chat.accepted() || chat.requestId() == null) {
                    continue;
                }
                List<String> types = new ArrayList<>();
                List<String> reasons = new ArrayList<>();
                for (StreamMessage<String, String> entry :
                        redis.xrange(keys.eventHistory(chat.requestId()), Range.create("-", "+"))) {
                    ChatEvent event =
                            ChatCodec.instance().readEvent(entry.getBody().get(RequestStateFields.HISTORY_EVENT));
                    types.add(event.type().wireName());
                    if (event instanceof ChatEvent.Failed failed) {
                        reasons.add(failed.code());
                    } else if (event instanceof ChatEvent.Cancelled cancelled) {
                        reasons.add(cancelled.reason());
                    } else if (event instanceof ChatEvent.DeadLettered deadLettered) {
                        reasons.add(deadLettered.reason());
                    }
                }
                JsonNode created = counts.path(chat.requestId());
                outcomes.add(new Outcome(
                        chat.requestId(),
                        types,
                        reasons,
                        created.path("responses").asLong(0),
                        created.path("messages").asLong(0)));
            }
        }
        return outcomes;
    }
}
