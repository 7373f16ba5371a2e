package io.chatrelay.sim.assistants;

import io.chatrelay.sim.assistants.wire.MessageDeltaObject;
import io.chatrelay.sim.assistants.wire.MessageObject;
import io.chatrelay.sim.assistants.wire.RunObject;
import io.chatrelay.sim.assistants.wire.RunStepObject;
import io.chatrelay.sim.http.EventLog;
import io.chatrelay.sim.http.SseStream;

/**
 * The stream of one run: its events, named and unnumbered, written to an {@link EventLog} as the run goes and sent to
 * the client that created it. Each event carries the object it names as it stands.
 */
final class RunStream {

    private final EventLog log = new EventLog();

    /** {@code thread.run.*}: the run. */
    void run(String event, RunObject run) {
        log.append(event, run);
    }

    /** {@code thread.run.step.*}: the step that writes the run's message. */
    void step(String event, RunStepObject step) {
        log.append(event, step);
    }

    /** {@code thread.message.*}: the message the run writes. */
    void message(String event, MessageObject message) {
        log.append(event, message);
    }

    /** {@code thread.message.delta}: the next words of the message. */
    void delta(String messageId, String words) {
        log.append("thread.message.delta", MessageDeltaObject.words(messageId, words));
    }

    /**
     * Sends the events to {@code out} until the run ends or waits for function outputs, then {@code done}.
     *
     * @param cutAfter when above 0, the connection is dropped after that many events
     */
    void follow(SseStream out, int cutAfter) {
        log.follow(out, 0, cutAfter, true);
    }

    /** No more events will be streamed. */
    void close() {
        log.close();
    }
}
