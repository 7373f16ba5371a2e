package io.chatrelay.worker.engine.responses;

import io.chatrelay.common.wire.Usage;
import java.util.List;

/**
 * What the turn needs of a Response object: read from a terminal stream event or from a retrieve, never the whole.
 *
 * @param id the response id
 * @param status {@code queued}, {@code in_progress}, {@code completed}, {@code incomplete}, {@code failed},
 *     {@code cancelled}; {@code unknown} when absent
 * @param text the text of its output messages, in order
 * @param calls the function calls among its output items, in order
 * @param usage token counts, when reported
 * @param errorCode the error's code, when it failed
 * @param errorMessage the error's message, when it failed
 */
record ResponseSummary(
        String id,
        String status,
        String text,
        List<FunctionCallItem> calls,
        Usage usage,
        String errorCode,
        String errorMessage) {

    /** A function call the model made. */
    record FunctionCallItem(String callId, String name, String arguments) {}

    boolean terminal() {
        return !status.equals("queued") && !status.equals("in_progress");
    }
}
