package io.chatrelay.bench.e2e;

import io.chatrelay.bench.load.Latencies;
import io.chatrelay.bench.load.TrackedChat;
import io.chatrelay.bench.stack.RedisNodes;
import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.EventType;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of completed chats went, step by step: the client's own clock for the {@code POST} and the moment
 * the {@code completed} event arrived, and between them the timestamps the gateway and the workers put on each event
 * of the history in Redis. Every process runs on the same machine, so the wall clocks agree. Also how many events, and
 * of them deltas, a chat took: each is a write to Redis, a record on Kafka and an SSE frame.
 */
final class Timeline {

    /** The steps, in order; each is the time from the end of the one before. */
    static final List<String> STEPS = List.of(
            "post -> accepted",
            "accepted -> queued",
            "queued -> thread",
            "thread -> started",
            "started -> first delta",
            "first delta -> completed",
            "completed -> client");

    /** The events whose first timestamp ends one step and starts the next, between the {@code POST} and its answer. */
    private static final List<EventType> MARKS = List.of(
            EventType.ACCEPTED,
            EventType.QUEUED,
            EventType.THREAD,
            EventType.STARTED,
            EventType.DELTA,
            EventType.COMPLETED);

    private final Map<String, List<Double>> millis = new LinkedHashMap<>();
    private final List<Double> answers = new ArrayList<>();
    private final List<Double> events = new ArrayList<>();
    private final List<Double> deltas = new ArrayList<>();

    Timeline() {
        STEPS.forEach(step -> millis.put(step, new ArrayList<>()));
    }

    /** Reads the history of each of {@code chats}, which have completed, from the run's Redis. */
    static Timeline of(RedisNodes redisNodes, List<TrackedChat> chats) {
        Timeline timeline = new Timeline();
        RedisKeys keys = new RedisKeys("chatrelay:");
        try (var client = redisNodes.connect()) {
            var redis = client.commands();
            for (TrackedChat chat : chats) {
                Map<EventType, Instant> first = new EnumMap<>(EventType.class);
                List<StreamMessage<String, String>> history =
                        redis.xrange(keys.eventHistory(chat.requestId()), Range.create("-", "+"));
                int deltas = 0;
                for (StreamMessage<String, String> entry : history) {
                    ChatEvent event;
                    try {
                        event = ChatCodec.instance().readEvent(entry.getBody().get(RequestStateFields.HISTORY_EVENT));
                    } catch (RuntimeException e) {
                        // An entry this build cannot read (an older build of the apps wrote it): its step is left out.
                        continue;
                    }
                    first.putIfAbsent(event.type(), event.timestamp());
                    if (event.type() == EventType.DELTA) {
                        deltas++;
                    }
                }
                timeline.add(
                        (chat.answeredAt() - chat.postedAt()) / 1e6,
                        chat.postedWall(),
                        first,
                        chat.terminalWall(),
                        history.size(),
                        deltas);
            }
        }
        return timeline;
    }

    /**
     * One completed chat: answered 202 after {@code answerMillis}, posted and its {@code completed} event received at
     * the client's wall times {@code posted} and {@code received}, each event type first written at {@code first}, and
     * {@code events} entries in its history of which {@code deltas} deltas; a step whose either end is missing is left
     * out.
     */
    void add(
            double answerMillis,
            Instant posted,
            Map<EventType, Instant> first,
            Instant received,
            int events,
            int deltas) {
        answers.add(answerMillis);
        this.events.add((double) events);
        this.deltas.add((double) deltas);
        List<Instant> points = new ArrayList<>();
        points.add(posted);
        MARKS.forEach(type -> points.add(first.get(type)));
        points.add(received);
        for (int i = 0; i < STEPS.size(); i++) {
            Instant from = points.get(i);
            Instant to = points.get(i + 1);
            if (from != null && to != null) {
                millis.get(STEPS.get(i)).add(Duration.between(from, to).toNanos() / 1e6);
            }
        }
    }

    /** One line per step, {@code p50 / p99}, and the 202 itself. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-26s %s", "post -> 202 (client)", new Latencies(answers).summary(0.5, 0.99)));
        millis.forEach((step, values) ->
                lines.add(String.format("%-26s %s", step, new Latencies(values).summary(0.5, 0.99))));
        lines.add(String.format(
                "%-26s %.0f (%.0f deltas), median",
                "events per chat", new Latencies(events).at(0.5), new Latencies(deltas).at(0.5)));
        return lines;
    }
}
