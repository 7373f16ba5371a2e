package io.chatrelay.common.naming;

/** Names of the Kafka record headers Chat Relay writes and reads. */
public final class ChatHeaders {

    private static final String PREFIX = "chatrelay-";

    /** The request id, so consumers can route a record without parsing its payload. */
    public static final String REQUEST_ID = PREFIX + "request-id";
    /** The wire type of a {@code chat.events} record. */
    public static final String EVENT_TYPE = PREFIX + "event-type";
    /** The seq of a {@code chat.events} record, in decimal, so the relay can forward the payload without parsing it. */
    public static final String SEQ = PREFIX + "seq";
    /** The company a record belongs to. */
    public static final String COMPANY = PREFIX + "company";
    /** How many upstream attempts were made. */
    public static final String ATTEMPT = PREFIX + "attempt";
    /** How many times operators replayed the request. */
    public static final String REPLAY_COUNT = PREFIX + "replay-count";

    /** Dead letters: the failure category (see {@code FailureCategory}). */
    public static final String FAILURE_CATEGORY = PREFIX + "failure-category";
    /** Dead letters: a short human-readable reason. */
    public static final String FAILURE_REASON = PREFIX + "failure-reason";
    /** Dead letters: the upstream HTTP status, when there was one. */
    public static final String UPSTREAM_STATUS = PREFIX + "upstream-status";
    /** Dead letters: the upstream error code, when there was one. */
    public static final String UPSTREAM_CODE = PREFIX + "upstream-code";
    /** Dead letters: the upstream {@code x-request-id}, to quote to the provider. */
    public static final String UPSTREAM_REQUEST_ID = PREFIX + "upstream-request-id";
    /** Dead letters: when the first attempt failed (ISO-8601). */
    public static final String FIRST_FAILURE_AT = PREFIX + "first-failure-at";
    /** Dead letters: when the last attempt failed (ISO-8601). */
    public static final String LAST_FAILURE_AT = PREFIX + "last-failure-at";
    /** Dead letters: where the record came from. */
    public static final String ORIGINAL_TOPIC = PREFIX + "original-topic";

    public static final String ORIGINAL_PARTITION = PREFIX + "original-partition";
    public static final String ORIGINAL_OFFSET = PREFIX + "original-offset";

    /** W3C trace context, so one trace spans gateway, worker and events. */
    public static final String TRACEPARENT = "traceparent";

    /** Header values are cut to this many characters so a dead letter never carries an unbounded payload. */
    public static final int MAX_VALUE_LENGTH = 512;

    private ChatHeaders() {}

    /** Whether a header is one of the failure headers that a replay strips. */
    public static boolean isFailureHeader(String name) {
        return name.equals(FAILURE_CATEGORY)
                || name.equals(FAILURE_REASON)
                || name.equals(UPSTREAM_STATUS)
                || name.equals(UPSTREAM_CODE)
                || name.equals(UPSTREAM_REQUEST_ID)
                || name.equals(FIRST_FAILURE_AT)
                || name.equals(LAST_FAILURE_AT)
                || name.equals(ORIGINAL_TOPIC)
                || name.equals(ORIGINAL_PARTITION)
                || name.equals(ORIGINAL_OFFSET);
    }

    /** A header value cut to {@link #MAX_VALUE_LENGTH}. */
    public static String bounded(String value) {
        return value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH - 1) + "…";
    }
}
