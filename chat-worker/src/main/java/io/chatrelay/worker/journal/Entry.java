package io.chatrelay.worker.journal;

import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.RequestStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one write of a request's journal carries: events (numbered when written), state fields to set and to delete,
 * and a conversation binding. Entries staged in a row are carried by one write.
 */
public final class Entry {

    /** Builds an event once its seq and time are known. */
    @FunctionalInterface
    public interface EventFactory {
        ChatEvent create(long seq, Instant at);
    }

    final List<EventFactory> events = new ArrayList<>(2);
    final Map<String, String> fields = new LinkedHashMap<>();
    final List<String> deleted = new ArrayList<>(0);
    String bind = "";
    String replaces = "";

    private Entry() {}

    public static Entry of(EventFactory event) {
        return new Entry().and(event);
    }

    public static Entry fields() {
        return new Entry();
    }

    public Entry and(EventFactory event) {
        events.add(event);
        return this;
    }

    public Entry set(String field, String value) {
        fields.put(field, value);
        deleted.remove(field);
        return this;
    }

    public Entry status(RequestStatus status) {
        return set(RequestStateFields.STATUS, status.wireName());
    }

    public Entry delete(String... names) {
        for (String name : names) {
            fields.remove(name);
            deleted.add(name);
        }
        return this;
    }

    /**
     * Binds the request's conversation to {@code thread}, unless it is bound to another than {@code replaces} (then
     * nothing is written).
     *
     * @param replaces a binding the new one takes the place of (one the company's engine cannot continue: another
     *     engine made it), or {@code ""}
     */
    public Entry bind(String thread, String replaces) {
        this.bind = thread;
        this.replaces = replaces;
        return this;
    }

    /** Adds {@code later}'s contents after this entry's own. */
    Entry absorb(Entry later) {
        events.addAll(later.events);
        later.deleted.forEach(this::delete);
        later.fields.forEach(this::set);
        if (!later.bind.isEmpty()) {
            bind = later.bind;
            replaces = later.replaces;
        }
        return this;
    }

    boolean isEmpty() {
        return events.isEmpty() && fields.isEmpty() && deleted.isEmpty() && bind.isEmpty();
    }
}
