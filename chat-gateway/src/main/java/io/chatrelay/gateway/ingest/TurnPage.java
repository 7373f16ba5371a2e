package io.chatrelay.gateway.ingest;

import io.chatrelay.gateway.api.QueryNumber;

/**
 * Which turns of a conversation one {@code GET /v1/conversations/{id}/messages} answers: {@code limit} of them from
 * the {@code from}-th (0 the oldest).
 *
 * @param from the position of the first turn, from 0
 * @param limit how many turns at most
 */
record TurnPage(int from, int limit) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    /** The page of the query parameters, each optional; a 400 for one that is not a number in its range. */
    static TurnPage of(String from, String limit) {
        return new TurnPage(
                QueryNumber.of(from, "from", 0, 0, Integer.MAX_VALUE, "invalid_page"),
                QueryNumber.of(limit, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, "invalid_page"));
    }
}
