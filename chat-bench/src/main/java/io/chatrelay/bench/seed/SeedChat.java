package io.chatrelay.bench.seed;

/**
 * One {@code POST /api/chat} of a closed-loop client, and its answer; times are {@link System#nanoTime()}.
 *
 * @param continued whether it continued the client's previous thread rather than starting one
 * @param sentAt when the request was sent
 * @param answeredAt when the answer (or the failure) arrived
 * @param status the HTTP status, or -1 without an answer
 */
record SeedChat(boolean continued, long sentAt, long answeredAt, int status) {

    boolean answered() {
        return status == 200;
    }

    double millis() {
        return (answeredAt - sentAt) / 1e6;
    }
}
