package io.chatrelay.worker.engine;

import io.chatrelay.common.wire.Engine;

/** Runs one chat turn upstream. Implementations throw {@code UpstreamStepFailed} when a step fails for good. */
public interface ChatEngine {

    Engine kind();

    Outcome run(Turn turn);
}
