package io.chatrelay.worker.lifecycle;

import io.chatrelay.worker.deadletter.DeadLetters;
import org.springframework.dao.DataAccessException;

/**
 * Tells a failure of what the worker stands on (Redis holding the request's state, Kafka taking its dead letter) from
 * a failure of the request itself: the first is waited out, the second ends the request.
 */
final class Infrastructure {

    private Infrastructure() {}

    static boolean away(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataAccessException || t instanceof DeadLetters.Unavailable) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable failure) {
        return (failure instanceof DataAccessException ? "Redis is away: " : "")
                + failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
