package io.chatrelay.sim.responses;

import io.chatrelay.sim.http.EventLog;
import io.chatrelay.sim.http.SseStream;
import io.chatrelay.sim.responses.wire.ContentPart;
import io.chatrelay.sim.responses.wire.FunctionCallItem;
import io.chatrelay.sim.responses.wire.Item;
import io.chatrelay.sim.responses.wire.ResponseObject;
import io.chatrelay.sim.responses.wire.ResponseStreamEvent;
import io.chatrelay.sim.responses.wire.ResponseStreamEvent.ContentPartEvent;
import io.chatrelay.sim.responses.wire.ResponseStreamEvent.FunctionCallArgumentsDone;
import io.chatrelay.sim.responses.wire.ResponseStreamEvent.OutputItemEvent;
import io.chatrelay.sim.responses.wire.ResponseStreamEvent.OutputTextDelta;
import io.chatrelay.sim.responses.wire.ResponseStreamEvent.OutputTextDone;
import io.chatrelay.sim.responses.wire.ResponseStreamEvent.ResponseEvent;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The stream of one response: its events, numbered from 0, written to an {@link EventLog} as the response goes and
 * sent to any number of clients following it. The simulated answer is always a single output item, so every output
 * and content index is 0.
 */
final class ResponseStream {

    /** The events that end a response. */
    private static final Set<String> TERMINAL_EVENTS =
            Set.of("response.completed", "response.failed", "response.incomplete");

    private final EventLog log = new EventLog();
    private final Runnable terminalWritten;

    /** {@code terminalWritten} hears each time a client is sent a terminal event. */
    ResponseStream(Runnable terminalWritten) {
        this.terminalWritten = terminalWritten;
    }

    /**
     * Sends the events from index {@code from} on to {@code out}, live until the response ends.
     *
     * @param cutAfter when above 0, the connection is dropped after that many events
     */
    void follow(SseStream out, int from, int cutAfter) {
        log.follow(out, from, cutAfter, false, event -> {
            if (TERMINAL_EVENTS.contains(event)) {
                terminalWritten.run();
            }
        });
    }

    /** No more events: the response ended. */
    void close() {
        log.close();
    }

    /** Waits until the response ended. */
    void awaitEnd() throws InterruptedException {
        log.awaitClosed(Long.MAX_VALUE / 2);
    }

    void created(ResponseObject response) {
        lifecycle("response.created", response);
    }

    void queued(ResponseObject response) {
        lifecycle("response.queued", response);
    }

    void inProgress(ResponseObject response) {
        lifecycle("response.in_progress", response);
    }

    void completed(ResponseObject response) {
        lifecycle("response.completed", response);
    }

    void failed(ResponseObject response) {
        lifecycle("response.failed", response);
    }

    void incomplete(ResponseObject response) {
        lifecycle("response.incomplete", response);
    }

    void itemAdded(Item item) {
        emit(seq -> new OutputItemEvent("response.output_item.added", 0, item, seq));
    }

    void itemDone(Item item) {
        emit(seq -> new OutputItemEvent("response.output_item.done", 0, item, seq));
    }

    void partAdded(String itemId, String text) {
        emit(seq -> new ContentPartEvent(
                "response.content_part.added", itemId, 0, 0, new ContentPart.OutputText(text), seq));
    }

    void partDone(String itemId, String text) {
        emit(seq -> new ContentPartEvent(
                "response.content_part.done", itemId, 0, 0, new ContentPart.OutputText(text), seq));
    }

    void textDelta(String itemId, String delta) {
        emit(seq -> new OutputTextDelta(itemId, 0, 0, delta, seq));
    }

    void textDone(String itemId, String text) {
        emit(seq -> new OutputTextDone(itemId, 0, 0, text, seq));
    }

    void argumentsDone(FunctionCallItem call) {
        emit(seq -> new FunctionCallArgumentsDone(call.id(), 0, call.name(), call.arguments(), seq));
    }

    private void lifecycle(String type, ResponseObject response) {
        emit(seq -> new ResponseEvent(type, response, seq));
    }

    private void emit(IntFunction<ResponseStreamEvent> event) {
        log.append(event, ResponseStreamEvent::type);
    }
}
