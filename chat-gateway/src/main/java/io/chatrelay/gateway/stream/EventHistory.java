package io.chatrelay.gateway.stream;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
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

    /**
     * Every event recorded for the request, oldest first; empty when the history expired. Each entry's seq and type
     * fields say what the JSON is, so the JSON is not parsed (unless an older writer left the type out).
     */
    Flux<WireEvent> events(String requestId) {
        return redis.<String, String>opsForStream()
                .range(keys.eventHistory(requestId), Range.unbounded())
                .map(entry -> {
                    Map<String, String> fields = entry.getValue();
                    return WireEvent.of(
                            fields.get(RequestStateFields.HISTORY_SEQ),
                            fields.get(RequestStateFields.HISTORY_TYPE),
                            fields.get(RequestStateFields.HISTORY_EVENT));
                });
    }
}
