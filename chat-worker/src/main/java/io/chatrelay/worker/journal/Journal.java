package io.chatrelay.worker.journal;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.EventType;
import io.chatrelay.common.wire.RequestStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Takes requests up: one script takes the lease and reads everything of the request a go at it needs (state and
 * checkpoints, next seq, cancel flag, and the delivered text of a resumed request), sent together with the read of the
 * conversation's binding. The {@link HeldRequest} it answers writes the rest.
 *
 * <p>Every script touches the keys of one request, or of one conversation or thread (see {@link RedisKeys}), so the
 * journal runs on a Redis Cluster as on a single Redis.
 */
public final class Journal implements AutoCloseable {

    /**
     * How the journal talks to Redis and Kafka.
     *
     * @param historyTtl how long a request's state and history stay in Redis after their last write
     * @param writeTimeout how long a write that must be in Redis before the turn goes on may take
     * @param kafkaTimeout how long the end of a request waits for Kafka to acknowledge its last event
     */
    public record Settings(Duration historyTtl, Duration writeTimeout, Duration kafkaTimeout) {}

    /** What taking a request up found. */
    public sealed interface TakeUp {
        /** This worker holds the lease now. */
        record Taken(HeldRequest request) implements TakeUp {}

        /** Another worker holds the lease; the request's status and replay count as it left them. */
        record Busy(Optional<RequestStatus> status, int replayCount) implements TakeUp {}
    }

    private final JournalRedis redis;
    private final RedisKeys keys;
    private final Lease lease;
    private final EventFeed feed;
    private final Settings settings;

    public Journal(
            RedisConnectionFactory connections,
            RedisKeys keys,
            KafkaTemplate<String, byte[]> kafka,
            TopicNames topics,
            String owner,
            Duration leaseTtl,
            Settings settings) {
        this.redis = new JournalRedis(connections);
        this.keys = keys;
        this.lease = new Lease(redis, keys, owner, leaseTtl);
        this.feed = new EventFeed(kafka, topics);
        this.settings = settings;
    }

    /**
     * Takes {@code request} up unless another worker holds its lease. {@code previous} is the writer of this worker's
     * last go at it ({@code null} for none), whose lease the new go takes over. Should the lease lapse or be taken
     * while it is held, the request's journal is interrupted at once.
     */
    public TakeUp takeUp(ChatRequest request, String traceparent, String previous) {
        String id = request.requestId();
        String writer = lease.nextWriter();
        CompletionStage<List<Object>> taken = redis.eval(
                JournalScripts.TAKE_UP,
                JournalRedis.each(keys.requestState(id), keys.lease(id), keys.cancelFlag(id), keys.eventHistory(id)),
                JournalRedis.each(writer, Long.toString(lease.ttl().toMillis()), previous == null ? "" : previous));
        CompletionStage<byte[]> binding = redis.get(keys.conversationThread(request.conversationId()));
        List<Object> reply = await(taken);
        Map<String, String> state = pairs((List<?>) reply.get(1));
        if (!Long.valueOf(1).equals(reply.getFirst())) {
            String replays = state.get(RequestStateFields.REPLAY_COUNT);
            return new TakeUp.Busy(
                    Optional.ofNullable(state.get(RequestStateFields.STATUS)).flatMap(RequestStatus::fromWireName),
                    replays == null ? 0 : Integer.parseInt(replays));
        }
        HeldRequest held = new HeldRequest(
                this,
                request,
                writer,
                traceparent,
                state,
                Long.valueOf(1).equals(reply.get(2)),
                Optional.ofNullable(await(binding)).map(JournalRedis::text).orElse(""),
                deliveredText((List<?>) reply.get(3)));
        lease.keep(id, writer, held::leaseLost);
        return new TakeUp.Taken(held);
    }

    /** How long a lease lasts without renewal. */
    public Duration leaseTtl() {
        return lease.ttl();
    }

    @Override
    public void close() {
        lease.close();
        feed.close();
    }

    Settings settings() {
        return settings;
    }

    Lease lease() {
        return lease;
    }

    EventFeed feed() {
        return feed;
    }

    /**
     * Sends one write of {@code request}'s journal (see {@link JournalScripts#WRITE}). A binding it carries is written
     * first, and waited for, in the conversation's own slot: the thread is claimed for the request's company, then
     * the conversation bound to it ({@link JournalScripts#BIND}); when the conversation is bound to another thread,
     * nothing of the write is sent and {@link JournalInterrupted} says so. A release renews the binding, and the claim
     * of the thread bound, to the history's TTL: a conversation lives as long as its last request.
     *
     * @param boundThread the thread the conversation was bound to before this write ({@code ''} for none), whose
     *     claim a release renews
     */
    CompletionStage<List<Object>> write(
            ChatRequest request,
            String writer,
            long firstSeq,
            List<EventFeed.Encoded> events,
            Entry entry,
            boolean release,
            String boundThread) {
        String id = request.requestId();
        String ttl = Long.toString(settings.historyTtl().toMillis());
        if (!entry.bind.isEmpty()) {
            bind(request, entry, ttl);
        }
        CompletionStage<List<Object>> written = redis.eval(
                JournalScripts.WRITE,
                JournalRedis.each(keys.requestState(id), keys.eventHistory(id), keys.lease(id)),
                JournalScripts.writeArgs(writer, ttl, firstSeq, events, entry, release));
        String thread = entry.bind.isEmpty() ? boundThread : entry.bind;
        if (release && !thread.isEmpty()) {
            // Not waited for: should a renewal be lost, the conversation ends with the TTL its binding had.
            redis.pexpire(keys.conversationThread(request.conversationId()), ttl);
            redis.pexpire(keys.conversationCompany(thread), ttl);
        }
        return written;
    }

    /** Claims {@code entry}'s thread for the company and binds the conversation to it, waiting for both. */
    private void bind(ChatRequest request, Entry entry, String ttl) {
        CompletionStage<List<Object>> claimed = redis.eval(
                JournalScripts.CLAIM,
                JournalRedis.each(keys.conversationCompany(entry.bind)),
                JournalRedis.each(request.companySlug(), ttl));
        List<Object> bound = await(redis.eval(
                JournalScripts.BIND,
                JournalRedis.each(keys.conversationThread(request.conversationId())),
                JournalRedis.each(entry.bind, entry.replaces, ttl)));
        await(claimed);
        JournalInterrupted refused = JournalScripts.refusal(bound, 0);
        if (refused != null) {
            throw refused;
        }
    }

    /** The text the delta events of the history carried, since its last {@code dead_lettered} event. */
    private static String deliveredText(List<?> history) {
        StringBuilder text = new StringBuilder();
        for (Object entry : history) {
            Map<String, String> fields = pairs((List<?>) ((List<?>) entry).get(1));
            String json = fields.get(RequestStateFields.HISTORY_EVENT);
            String type = fields.get(RequestStateFields.HISTORY_TYPE);
            if (json == null) {
                continue;
            }
            if (type == null) {
                // Written before entries carried their type.
                type = ChatCodec.instance().readEvent(json).type().wireName();
            }
            if (type.equals(EventType.DELTA.wireName())) {
                text.append(((ChatEvent.DeltaEmitted) ChatCodec.instance().readEvent(json)).text());
            } else if (type.equals(EventType.DEAD_LETTERED.wireName())) {
                text.setLength(0);
            }
        }
        return text.toString();
    }

    private static Map<String, String> pairs(List<?> flat) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(JournalRedis.text(flat.get(i)), JournalRedis.text(flat.get(i + 1)));
        }
        return map;
    }

    private <T> T await(CompletionStage<T> reply) {
        try {
            return reply.toCompletableFuture().get(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new JournalInterrupted("Redis failed", e.getCause());
        } catch (TimeoutException e) {
            throw new JournalInterrupted("Redis did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalInterrupted("Interrupted while waiting for Redis", e);
        }
    }
}
