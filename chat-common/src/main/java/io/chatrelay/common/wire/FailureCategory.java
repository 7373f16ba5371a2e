package io.chatrelay.common.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Why a request ended up on the dead-letter topic; written to the failure-category header. */
public enum FailureCategory {
    /** A transient failure that kept failing until the retry budget ran out. */
    RETRIES_EXHAUSTED("retries_exhausted", "The upstream kept failing; the request is kept for an operator"),
    /** The upstream rejected the request in a way no retry can fix (400, 401, 403, 404, 422). */
    UPSTREAM_REJECTED("upstream_rejected", "The upstream refused the request"),
    /** The upstream account has no quota left. */
    QUOTA_EXCEEDED("quota_exceeded", "The upstream account has no quota left"),
    /** The run or response itself ended failed, expired or incomplete upstream. */
    RUN_FAILED("run_failed", "The answer failed upstream"),
    /** The run took longer than the configured run timeout. */
    RUN_TIMEOUT("run_timeout", "The answer took longer than allowed"),
    /** The model called a function tool that no handler serves. */
    UNSUPPORTED_TOOL_CALL("unsupported_tool_call", "The assistant asked for a tool this service does not offer"),
    /** The company has no usable assistant profile. */
    CONFIGURATION("configuration", "The company's assistant is not configured"),
    /** The record could not be read or failed validation. */
    POISON("poison", "The request could not be read");

    private final String wireName;
    private final String clientMessage;

    FailureCategory(String wireName, String clientMessage) {
        this.wireName = wireName;
        this.clientMessage = clientMessage;
    }

    /**
     * What clients are told of a failure of this category ({@code failed} events, the request's state): fixed text,
     * never the upstream's or an exception's words, which stay with operators (the dead letter's reason, the logs).
     */
    public String clientMessage() {
        return clientMessage;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<FailureCategory> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(wireName)).findFirst();
    }
}
