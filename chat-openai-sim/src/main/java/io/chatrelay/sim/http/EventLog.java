package io.chatrelay.sim.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The events of one response or run, kept so that any number of streams can follow it live and a reconnecting
 * stream can resume after a given event.
 */
public final class EventLog {

    private record Entry(String event, String data) {}

    private final List<Entry> entries = new ArrayList<>();
    private boolean closed;

    /** Appends an event as its data is; returns its index. */
    public synchronized int append(String event, Object data) {
        return add(event, data);
    }

    /**
     * Appends an event whose data carries its index as {@code sequence_number} (Responses API): {@code data} builds
     * it from that index, {@code name} names the event from its data.
     *
     * @return the event's index
     */
    public synchronized <T> int append(IntFunction<T> data, Function<T, String> name) {
        T value = data.apply(entries.size());
        return add(name.apply(value), value);
    }

    private int add(String event, Object data) {
        int index = entries.size();
        entries.add(new Entry(event, Json.MAPPER.writeValueAsString(data)));
        notifyAll();
        return index;
    }

    /** No more events will come; streams that are following end. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    public synchronized boolean closed() {
        return closed;
    }

    /** Waits until the log is closed, at most {@code millis}. */
    public synchronized void awaitClosed(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!closed) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }

    /**
     * Sends the events from index {@code from} on, live until the log closes.
     *
     * @param cutAfter when above 0, the connection is dropped after that many events (a cut stream)
     * @param trailer a last raw {@code event: done / data: [DONE]} pair to send after the final event, or null
     * @return whether the stream ran to its natural end
     */
    public boolean follow(SseStream out, int from, int cutAfter, boolean trailer) {
        return follow(out, from, cutAfter, trailer, event -> {});
    }

    /**
     * As {@link #follow(SseStream, int, int, boolean)}, telling {@code written} the name of each event once it is written
     * to the client.
     */
    public boolean follow(SseStream out, int from, int cutAfter, boolean trailer, Consumer<String> written) {
        int next = Math.max(0, from);
        int sent = 0;
        while (true) {
            Entry entry;
            synchronized (this) {
                while (next >= entries.size() && !closed) {
                    try {
                        wait(15_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        out.close();
                        return false;
                    }
                }
                if (next >= entries.size()) {
                    break;
                }
                entry = entries.get(next++);
            }
            if (!out.send(entry.event(), entry.data())) {
                return false;
            }
            written.accept(entry.event());
            if (cutAfter > 0 && ++sent >= cutAfter) {
                out.close();
                return false;
            }
        }
        if (trailer) {
            out.send("done", "[DONE]");
        }
        out.close();
        return true;
    }
}
