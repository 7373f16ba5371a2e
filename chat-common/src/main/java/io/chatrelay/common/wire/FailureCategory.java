package io.chatrelay.common.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Why a request ended up on the dead-letter topic; written to the failure-category header. */
public enum FailureCategory {
    /** A transient failure that kept failing until the retry budget ran out. */
    RETRIES_EXHAUSTED("retries_exhausted"),
    /** The upstream rejected the request in a way no retry can fix (400, 401, 403, 404, 422). */
    UPSTREAM_REJECTED("upstream_rejected"),
    /** The upstream account has no quota left. */
    QUOTA_EXCEEDED("quota_exceeded"),
    /** The run or response itself ended failed, expired or incomplete upstream. */
    RUN_FAILED("run_failed"),
    /** The run took longer than the configured run timeout. */
    RUN_TIMEOUT("run_timeout"),
    /** The model called a function tool that no handler serves. */
    UNSUPPORTED_TOOL_CALL("unsupported_tool_call"),
    /** The company has no usable assistant profile. */
    CONFIGURATION("configuration"),
    /** The record could not be read or failed validation. */
    POISON("poison");

    private final String wireName;

    FailureCategory(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<FailureCategory> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(wireName)).findFirst();
    }
}
