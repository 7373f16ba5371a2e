package io.chatrelay.gateway.stream;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import java.util.Map;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads a request's state and its event history (a Redis stream, in seq order). */
final class EventHistory {

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;

    EventHistory(ReactiveStringRedisTemplate redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** The request's state hash; empty when unknown or expired. */
    Mono<Map<String, String>> state(String requestId) {
        return redis.<String, String>opsForHash()
                .entries(keys.requestState(requestId))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .filter(state -> !state.isEmpty());
    }

    /** Every event recorded for the request, oldest first; empty when the history expired. */
    Flux<ChatEvent> events(String requestId) {
        return redis.<String, String>opsForStream()
                .range(keys.eventHistory(requestId), Range.unbounded())
                .map(entry -> ChatCodec.instance().readEvent(entry.getValue().get(RequestStateFields.HISTORY_EVENT)));
    }
}
