package io.chatrelay.worker.lifecycle;

import io.chatrelay.worker.deadletter.DeadLetters;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisLoadingException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;

/**
 * Tells a failure of what the worker stands on (Redis unreachable, timing out or still loading its data after a
 * restart; Kafka not taking a dead letter) from a failure of the request itself: the first is waited out, the second
 * ends the request. Other Redis errors (a wrong type, a script error) say something about the request's data and would
 * fail the same way every time, so they are not waited out.
 */
final class Infrastructure {

    private Infrastructure() {}

    static boolean away(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException
                    || t instanceof QueryTimeoutException
                    || t instanceof RedisConnectionException
                    || t instanceof RedisCommandTimeoutException
                    || t instanceof RedisLoadingException
                    || t instanceof RedisBusyException
                    || t instanceof DeadLetters.Unavailable) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
