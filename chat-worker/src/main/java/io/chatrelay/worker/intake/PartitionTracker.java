package io.chatrelay.worker.intake;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The records of one partition that this instance holds, in offset order. Only the contiguous prefix of finished
 * records is acknowledged, so the committed offset never passes an unfinished record.
 */
final class PartitionTracker {

    private final TreeMap<Long, Entry> records = new TreeMap<>();

    private static final class Entry {
        final Acknowledgment ack;
        boolean done;

        Entry(Acknowledgment ack) {
            this.ack = ack;
        }
    }

    synchronized void track(long offset, Acknowledgment ack) {
        records.put(offset, new Entry(ack));
    }

    /** Marks a record finished and acknowledges the finished prefix; returns how many records left the window. */
    synchronized int finish(long offset) {
        Entry entry = records.get(offset);
        if (entry == null) {
            return 0;
        }
        entry.done = true;
        Acknowledgment highest = null;
        int released = 0;
        while (!records.isEmpty() && records.firstEntry().getValue().done) {
            Map.Entry<Long, Entry> first = records.pollFirstEntry();
            highest = first.getValue().ack;
            released++;
        }
        if (highest != null) {
            // With AckMode.MANUAL, acknowledging record N commits N + 1: everything before it is done too.
            highest.acknowledge();
        }
        return released;
    }

    synchronized int size() {
        return records.size();
    }
}
