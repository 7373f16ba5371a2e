package io.chatrelay.bench.drill;

import java.util.List;

/**
 * What the record of one accepted request shows once the load is over.
 *
 * @param requestId the request
 * @param eventTypes the wire types of its history, in order
 * @param reasons the codes or reasons of its {@code failed}, {@code cancelled} and {@code dead_lettered} events
 * @param responses responses the simulator created for it
 * @param userMessages user messages the simulator stored for it
 */
record Outcome(String requestId, List<String> eventTypes, List<String> reasons, long responses, long userMessages) {

    long count(String type) {
        return eventTypes.stream().filter(type::equals).count();
    }

    /** Ends: {@code completed}, {@code cancelled}, or {@code failed} (with or without its {@code dead_lettered}). */
    long ends() {
        return count("completed") + count("cancelled") + count("failed");
    }

    /** The one way the request ended, or null when it did not end exactly once. */
    String end() {
        if (ends() != 1) {
            return null;
        }
        if (count("completed") == 1) {
            return "completed";
        }
        if (count("cancelled") == 1) {
            return "cancelled";
        }
        return count("dead_lettered") == 1 ? "dead_lettered" : "failed";
    }
}
