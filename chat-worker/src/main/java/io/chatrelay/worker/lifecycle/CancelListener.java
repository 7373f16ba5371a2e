package io.chatrelay.worker.lifecycle;

import io.chatrelay.worker.engine.StopReason;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;

/**
 * Hears cancel requests published on the Redis cancel channel and stops the matching turn if it runs here.
 * (The flag key is checked too, before a turn starts, for cancels published while nobody listened.)
 */
final class CancelListener implements MessageListener {

    private final Map<String, StopState> running = new ConcurrentHashMap<>();

    void register(String requestId, StopState stop) {
        running.put(requestId, stop);
    }

    void unregister(String requestId) {
        running.remove(requestId);
    }

    /** Stops every turn running here. */
    void stopAll(StopReason reason) {
        running.values().forEach(stop -> stop.stop(reason));
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        StopState stop = running.get(new String(message.getBody(), StandardCharsets.UTF_8));
        if (stop != null) {
            stop.stop(StopReason.CANCELLED);
        }
    }
}
