package io.chatrelay.gateway.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What a replay publishes, in dead-letter order (partition, then offset), and what it skips, with why: by ids, each
 * open and readable entry; by filter, the open entries that match, at most {@code maxCount} of them.
 *
 * @param entries the entries to replay
 * @param skipped the requests not replayed: unknown, resolved already, or unreadable
 * @param truncated whether the filter matched more than {@code maxCount}
 */
record ReplaySelection(List<DeadLetter> entries, List<Replays.RequestOutcome> skipped, boolean truncated) {

    /** Selects what {@code command} replays from {@code index}, reading at most {@code scanLimit} entries a page. */
    static ReplaySelection of(Replays.Command command, DeadLetterIndex index, int scanLimit) {
        List<DeadLetter> entries = new ArrayList<>();
        List<Replays.RequestOutcome> skipped = new ArrayList<>();
        boolean truncated = false;
        if (command.ids() != null) {
            for (String id : new LinkedHashSet<>(command.ids())) {
                var entry = index.find(id);
                if (entry.isEmpty()) {
                    skipped.add(new Replays.RequestOutcome(id, null, "skipped", "not_found"));
                } else if (entry.get().resolved()) {
                    skipped.add(new Replays.RequestOutcome(
                            id,
                            entry.get().conversationId(),
                            "skipped",
                            "already_" + entry.get().resolution().kind()));
                } else if (!entry.get().readable()) {
                    skipped.add(new Replays.RequestOutcome(id, entry.get().conversationId(), "skipped", "unreadable"));
                } else {
                    entries.add(entry.get());
                }
            }
        } else {
            // Resolved entries are never replayed again by filter; one more than asked tells whether there were more.
            DeadLetterFilter open = new DeadLetterFilter(
                    command.filter().company(),
                    command.filter().category(),
                    command.filter().upstreamStatus(),
                    command.filter().upstreamCode(),
                    command.filter().from(),
                    command.filter().to(),
                    command.filter().requestId(),
                    command.filter().conversationId(),
                    false);
            List<DeadLetter> found = new ArrayList<>();
            String cursor = null;
            do {
                var page = index.page(open, cursor, command.maxCount() + 1 - found.size(), scanLimit);
                found.addAll(page.items());
                cursor = page.nextCursor();
            } while (cursor != null && found.size() <= command.maxCount());
            for (DeadLetter entry : found) {
                if (!entry.readable()) {
                    skipped.add(
                            new Replays.RequestOutcome(entry.id(), entry.conversationId(), "skipped", "unreadable"));
                } else if (entries.size() < command.maxCount()) {
                    entries.add(entry);
                } else {
                    truncated = true;
                }
            }
        }
        entries.sort(Comparator.comparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset));
        return new ReplaySelection(entries, skipped, truncated);
    }
}
