package io.chatrelay.worker.engine;

import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.worker.retry.UpstreamRetry;
import java.util.Optional;

/**
 * Everything an engine needs for one turn.
 *
 * @param request the chat request
 * @param profile the company's assistant profile
 * @param progress where the engine reads its checkpoints and reports progress
 * @param stop tells whether the turn must stop (cancelled or out of time)
 */
public record Turn(ChatRequest request, AssistantProfile profile, Progress progress, StopSignal stop) {

    /**
     * Checkpoints and progress reports; the lifecycle turns them into the request's events and state. Reports are
     * written without waiting, in the order they are made, except {@link #creating()}.
     */
    public interface Progress extends UpstreamRetry.RetryAnnouncer {

        /** A checkpoint as recorded so far, by this go at the request or an earlier one. */
        Optional<String> checkpoint(Checkpoint which);

        /** Records a checkpoint. */
        void checkpoint(Checkpoint which, String value);

        /** The upstream thread or conversation the request's conversation is bound to, if any. */
        Optional<String> boundThread();

        /**
         * The turn runs in {@code threadId}; {@code created} when the engine has just created it for the request's
         * conversation, which is then bound to it.
         */
        void threadBound(String threadId, boolean created);

        /**
         * Writes what was reported so far, without waiting: an engine calls it before an upstream call that comes
         * before its first report (creating the turn's thread), so that the client hears the request was taken up.
         */
        void flush();

        /**
         * The engine is about to create upstream what must not be created twice: everything reported so far, and the
         * {@link Checkpoint#CREATE_ATTEMPTED} checkpoint, is made durable before this returns.
         */
        void creating();

        /**
         * The turn follows the upstream run or response {@code runId}, just started or recorded by an earlier go: it
         * is checkpointed, its time starts, and the turn's first is announced.
         */
        void started(String runId);

        /** The answer so far, in full; only what is new since the last report is announced. */
        void textSoFar(String text);
    }

    /** Why and whether the turn must stop. */
    public interface StopSignal {
        /** Why the turn must stop, or empty to go on. */
        Optional<StopReason> reason();

        /** Registers what to close to interrupt a blocking read when a stop is requested. */
        void onStop(AutoCloseable interrupt);
    }
}
