package io.chatrelay.worker.journal;

import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.RequestStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A request while this worker holds its lease: its state in memory, as taken up and as written since, and its journal.
 *
 * <p>Each write is one script call, sent at once and not waited for (one that binds the conversation first waits for
 * the binding): events are numbered here, in the order they are written, and the script refuses a write unless its
 * first event follows the last one in the history, so history seq stays gap-free. An event goes to {@code chat.events}
 * once Redis answered its write (history before Kafka). Entries can also be staged, to ride with the next write. Once a
 * write fails, this go at the request is over: every later call throws {@link JournalInterrupted}, and the listener
 * given to {@link #onInterrupted} is told at once.
 */
public final class HeldRequest {

    private final Journal journal;
    private final ChatRequest request;
    private final String writer;
    private final String traceparent;
    private final Map<String, String> state;
    private final boolean cancelRequested;
    private final String binding;
    private final String deliveredText;
    private final Interruption interruption = new Interruption();

    private long seq;
    private Entry staged;
    private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);
    private boolean ended;

    HeldRequest(
            Journal journal,
            ChatRequest request,
            String writer,
            String traceparent,
            Map<String, String> state,
            boolean cancelRequested,
            String binding,
            String deliveredText) {
        this.journal = journal;
        this.request = request;
        this.writer = writer;
        this.traceparent = traceparent;
        this.state = state;
        this.cancelRequested = cancelRequested;
        this.binding = binding;
        this.deliveredText = deliveredText;
        this.seq = Long.parseLong(state.getOrDefault(RequestStateFields.SEQ, "0"));
    }

    public ChatRequest request() {
        return request;
    }

    /** Who writes for this go at the request; the next go here takes the lease over from it. */
    public String writer() {
        return writer;
    }

    /** The status as taken up and written since; empty when the request had no state. */
    public synchronized Optional<RequestStatus> status() {
        return field(RequestStateFields.STATUS).flatMap(RequestStatus::fromWireName);
    }

    /** A field of the request's state (status, checkpoints, answer) as taken up and written since. */
    public synchronized Optional<String> field(String name) {
        return Optional.ofNullable(state.get(name));
    }

    /** The replay count of the last record taken up for the request; 0 when never replayed. */
    public synchronized int replayCount() {
        return field(RequestStateFields.REPLAY_COUNT).map(Integer::parseInt).orElse(0);
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    /** The upstream thread or conversation the request's conversation was bound to when it was taken up. */
    public Optional<String> binding() {
        return binding.isEmpty() ? Optional.empty() : Optional.of(binding);
    }

    /** The text the request's delta events delivered before it was taken up (since its last dead letter). */
    public String deliveredText() {
        return deliveredText;
    }

    /** Runs {@code listener} once, as soon as a write fails (also when one failed already). */
    public void onInterrupted(Runnable listener) {
        interruption.onInterrupted(listener);
    }

    /** Why this go at the request can write nothing more; empty while it can. */
    public Optional<JournalInterrupted> interrupted() {
        return interruption.reason();
    }

    /** Keeps {@code entry} to ride with the next write. */
    public synchronized void stage(Entry entry) {
        interruption.failIfInterrupted();
        staged = staged == null ? entry : staged.absorb(entry);
        apply(entry);
    }

    /** Writes what is staged and {@code entry}, without waiting. */
    public synchronized void append(Entry entry) {
        stage(entry);
        dispatch(false);
    }

    /** Writes what is staged, if anything, without waiting. */
    public synchronized void flush() {
        interruption.failIfInterrupted();
        if (staged != null) {
            dispatch(false);
        }
    }

    /** Writes what is staged and waits until Redis holds everything written so far. */
    public void sync() {
        CompletableFuture<Void> written;
        synchronized (this) {
            interruption.failIfInterrupted();
            if (staged != null) {
                dispatch(false);
            }
            written = lastWrite;
        }
        await(written);
    }

    /**
     * Writes the request's last entry and lets go of its lease in the same call, then waits until Redis holds it and
     * Kafka acknowledged its events. Kafka not acknowledging is logged, not thrown: the history holds the events, and
     * subscribers that reconnect find them there.
     */
    public void end(Entry entry) {
        CompletableFuture<Void> written;
        CompletableFuture<Void> acknowledged;
        synchronized (this) {
            stage(entry);
            acknowledged = dispatch(true);
            written = lastWrite;
            ended = true;
        }
        await(written);
        journal.lease().forget(request.requestId());
        EventFeed.awaitEnd(acknowledged, journal.settings().kafkaTimeout());
    }

    /** Fails with {@link JournalInterrupted} unless this worker still holds the lease (and Redis answers). */
    public void confirmLease() {
        append(Entry.fields());
        sync();
    }

    /**
     * Ends this go at the request, unless {@link #end} did: the lease is let go of for whoever takes the request up
     * next. When Redis is away the release waits in the client for it; the next go here takes the lease over either
     * way.
     */
    public void leave() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        journal.lease().release(request.requestId(), writer);
    }

    /** The keeper found the lease lapsed or taken. */
    void leaseLost() {
        interruption.interrupt(
                new JournalInterrupted("The lease of " + request.requestId() + " lapsed or was taken", null));
    }

    /** Sends what is staged; answers the future of its events' Kafka acknowledgement. Called holding the lock. */
    private CompletableFuture<Void> dispatch(boolean release) {
        Entry entry = staged == null ? Entry.fields() : staged;
        staged = null;
        long first = seq + 1;
        Instant now = Instant.now();
        List<EventFeed.Encoded> events = new ArrayList<>(entry.events.size());
        for (Entry.EventFactory factory : entry.events) {
            events.add(EventFeed.Encoded.of(factory.create(++seq, now)));
        }
        if (!entry.fields.isEmpty()) {
            entry.set(RequestStateFields.UPDATED_AT, now.toString());
        }
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        CompletableFuture<Void> written = new CompletableFuture<>();
        CompletionStage<List<Object>> reply;
        try {
            reply = journal.write(request, writer, first, events, entry, release, binding);
        } catch (JournalInterrupted e) {
            // Its binding was refused or failed: nothing of it was sent, and the seqs it took are gone.
            throw interruption.interrupt(e);
        } catch (RuntimeException e) {
            // Not even sent (no connection to Redis): the seqs it took are gone, so nothing more may be written.
            throw interruption.interrupt(new JournalInterrupted("A journal write could not be sent: " + e, e));
        }
        reply.whenComplete((answer, failure) -> {
            JournalInterrupted refused = failure != null
                    ? new JournalInterrupted("A journal write failed: " + failure, failure)
                    : JournalScripts.refusal(answer, first);
            if (refused == null) {
                journal.feed()
                        .publish(request.requestId(), request.conversationId(), traceparent, events, acknowledged);
                written.complete(null);
            } else {
                interruption.interrupt(refused);
                acknowledged.completeExceptionally(refused);
                written.completeExceptionally(refused);
            }
        });
        lastWrite = written;
        return acknowledged;
    }

    private void apply(Entry entry) {
        entry.deleted.forEach(state::remove);
        state.putAll(entry.fields);
    }

    private void await(CompletableFuture<Void> written) {
        interruption.await(written, journal.settings().writeTimeout());
    }
}
