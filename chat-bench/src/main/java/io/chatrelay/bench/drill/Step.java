package io.chatrelay.bench.drill;

import io.chatrelay.bench.stack.Stack;
import java.time.Duration;

/**
 * One thing a drill does to the running system, at a time counted from the start of the load.
 *
 * @param at when, from the start of the load
 * @param what what it does, for the log
 * @param action the deed
 */
record Step(Duration at, String what, Action action) {

    /** Something done to the processes of a run. */
    @FunctionalInterface
    interface Action {
        void on(Stack stack) throws Exception;
    }
}
