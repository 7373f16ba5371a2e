package io.chatrelay.worker.lifecycle;

import io.chatrelay.worker.deadletter.DeadLetters;
import io.chatrelay.worker.journal.JournalInterrupted;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;

/**
 * Tells a failure of what the worker stands on (Redis unreachable, timing out, dropping the connection, still loading
 * its data after a restart, or refusing writes for a while: out of memory, a replica or a cluster without its master;
 * Kafka not taking a dead letter) from a failure of the request itself: the first is waited out, the second ends the
 * request. Other Redis errors (a wrong type, a script error) say something about the request's data and would fail the
 * same way every time, so they are not waited out.
 */
final class Infrastructure {

    /** The error codes of Redis refusing a command for a state of its own, which passes (its reply's first word). */
    private static final Set<String> PASSING_REFUSALS =
            Set.of("OOM", "READONLY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "LOADING", "BUSY", "NOREPLICAS");

    private Infrastructure() {}

    static boolean away(Throwable failure) {
        boolean redis = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DeadLetters.Unavailable
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof QueryTimeoutException
                    || t instanceof RedisConnectionException
                    || t instanceof RedisCommandTimeoutException) {
                return true;
            }
            if (t instanceof RedisCommandExecutionException && PASSING_REFUSALS.contains(errorCode(t.getMessage()))) {
                return true;
            }
            if (t instanceof DataAccessException || t instanceof RedisException || t instanceof JournalInterrupted) {
                redis = true;
            } else if (redis && (t instanceof IOException || t instanceof TimeoutException)) {
                // The connection broke under a command (Redis stopped: "connection reset by peer"), or no answer came.
                return true;
            }
        }
        return false;
    }

    private static String errorCode(String message) {
        if (message == null) {
            return "";
        }
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }

    static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
