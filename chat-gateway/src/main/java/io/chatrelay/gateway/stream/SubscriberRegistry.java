package io.chatrelay.gateway.stream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The live subscribers of this instance, by request id. */
final class SubscriberRegistry {

    private final Map<String, List<Subscriber>> byRequest = new ConcurrentHashMap<>();
    private final int capacity;

    SubscriberRegistry(int capacity) {
        this.capacity = capacity;
    }

    Subscriber register(String requestId) {
        Subscriber subscriber = new Subscriber(requestId, capacity);
        byRequest.computeIfAbsent(requestId, id -> new CopyOnWriteArrayList<>()).add(subscriber);
        return subscriber;
    }

    void unregister(Subscriber subscriber) {
        byRequest.computeIfPresent(subscriber.requestId(), (id, list) -> {
            list.remove(subscriber);
            return list.isEmpty() ? null : list;
        });
    }

    /** The subscribers of a request; empty when nobody here watches it. */
    List<Subscriber> of(String requestId) {
        return byRequest.getOrDefault(requestId, List.of());
    }

    int size() {
        return byRequest.values().stream().mapToInt(List::size).sum();
    }
}
