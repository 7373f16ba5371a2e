package io.chatrelay.worker.engine;

import io.chatrelay.common.naming.RequestStateFields;

/** What an engine records of a turn upstream, so that a request taken up again resumes instead of starting over. */
public enum Checkpoint {
    /** The upstream thread ({@code thread_…}) or conversation ({@code conv_…}) the turn runs in. */
    THREAD_ID(RequestStateFields.THREAD_ID),
    /** The upstream message created for the turn (assistants engine). */
    MESSAGE_ID(RequestStateFields.MESSAGE_ID),
    /** The upstream run ({@code run_…}) or response ({@code resp_…}) being followed. */
    RUN_ID(RequestStateFields.RUN_ID),
    /** The run or response the turn's {@code started} event was emitted for. */
    STARTED_RUN(RequestStateFields.STARTED_RUN),
    /** Set just before the turn's first upstream create, so that a request taken up again knows to reconcile. */
    CREATE_ATTEMPTED(RequestStateFields.CREATE_ATTEMPTED),
    /** The turn's last round of function calls as answered ({@link FunctionRound}), before its outputs are sent. */
    FUNCTION_ROUND(RequestStateFields.FUNCTION_ROUND);

    private final String field;

    Checkpoint(String field) {
        this.field = field;
    }

    /** Its field in the request's state hash. */
    public String field() {
        return field;
    }
}
