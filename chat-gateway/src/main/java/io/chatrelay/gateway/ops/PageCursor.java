package io.chatrelay.gateway.ops;

import io.chatrelay.gateway.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A position in the time order: the last entry a page showed. Equal scores are ordered by id, descending. */
record PageCursor(double score, String id) {

    /** Whether the entry at {@code score}/{@code id} comes at or before this position, so was shown already. */
    boolean covers(Double entryScore, String entryId) {
        return entryScore != null && entryScore == score && entryId.compareTo(id) >= 0;
    }

    String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(((long) score + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    static PageCursor parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return new PageCursor(Long.parseLong(decoded.substring(0, colon)), decoded.substring(colon + 1));
        } catch (RuntimeException e) {
            throw ApiException.badRequest("invalid_cursor", "The cursor is not one this API returned", "cursor");
        }
    }
}
