package io.chatrelay.worker.journal;

/**
 * This go at a request can write nothing more: its lease was lost, Redis failed one of its writes, or the history did
 * not end where this go expected. What it wrote stands; the request is taken up again (here, or by the worker that
 * holds the lease now) from what the journal holds.
 */
public final class JournalInterrupted extends RuntimeException {

    JournalInterrupted(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
