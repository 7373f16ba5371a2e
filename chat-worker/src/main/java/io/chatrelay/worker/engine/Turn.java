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
 * @param checkpoints where the engine records upstream ids so a redelivered request resumes
 * @param threads our conversation id → upstream thread/conversation id
 * @param progress where the engine reports progress
 * @param stop tells whether the turn must stop (cancelled or out of time)
 */
public record Turn(
        ChatRequest request,
        AssistantProfile profile,
        Checkpoints checkpoints,
        ThreadDirectory threads,
        Progress progress,
        StopSignal stop) {

    /** Upstream ids kept across redeliveries. */
    public interface Checkpoints {
        Optional<String> get(String field);

        void put(String field, String value);
    }

    /** The upstream thread or conversation of each of our conversations. */
    public interface ThreadDirectory {
        Optional<String> find(String conversationId);

        /** Records the mapping unless one exists; returns the one that won. */
        String bind(String conversationId, String threadId);
    }

    /** Progress reports; the lifecycle turns them into events. */
    public interface Progress extends UpstreamRetry.RetryAnnouncer {
        void threadBound(String threadId);

        void started(String runId);

        /** The answer so far, in full; only what is new since the last report is announced. */
        void textSoFar(String text);
    }

    /** Why and whether the turn must stop. */
    public interface StopSignal {
        /** {@code cancelled} or {@code run_timeout}, or empty to go on. */
        Optional<String> reason();

        /** Registers what to close to interrupt a blocking read when a stop is requested. */
        void onStop(AutoCloseable interrupt);
    }
}
