package io.chatrelay.common.naming;

/**
 * Field names of the Redis structures that the gateway and the workers share for one request.
 *
 * <p>Request state ({@link RedisKeys#requestState}, a hash): the gateway writes {@link #STATUS} {@code accepted},
 * {@link #COMPANY}, {@link #CONVERSATION_ID}, {@link #MESSAGE}, {@link #CREATED_AT} and {@link #SEQ} {@code 0} when
 * it accepts a request; the worker owns every later write. {@link #SEQ} is the seq of the last event in the history:
 * the worker holding the request's lease reads it when it takes the request up, numbers the next events itself, and
 * each of its writes carries its seq and is refused unless it follows the last one, so seq stays strictly increasing
 * and gap-free across workers.
 *
 * <p>Event history ({@link RedisKeys#eventHistory}, a stream): one entry per event, in seq order, with the fields
 * {@link #HISTORY_SEQ}, {@link #HISTORY_TYPE} and {@link #HISTORY_EVENT} (the event's JSON from {@code ChatCodec}), so
 * a reader can replay an entry without parsing its JSON. An event is appended
 * to the history <em>before</em> it is published to {@code chat.events}, so a subscriber that reads the history
 * after subscribing to the live topic misses nothing. The gateway appends {@code accepted} (seq 0); the workers
 * append the rest.
 */
public final class RequestStateFields {

    /** A {@code RequestStatus} wire name. */
    public static final String STATUS = "status";

    public static final String COMPANY = "company";
    public static final String CONVERSATION_ID = "conversation_id";
    /** The user's message. */
    public static final String MESSAGE = "message";
    /** The seq of the last event in the history. */
    public static final String SEQ = "seq";
    /**
     * Who wrote the event at {@link #SEQ}: one run of a request on one worker. The Redis client sends a command again
     * when its connection dropped before the answer came, so a write whose events are in already, by this writer,
     * happened.
     */
    public static final String WRITER = "writer";

    public static final String CREATED_AT = "created_at";
    public static final String UPDATED_AT = "updated_at";
    public static final String COMPLETED_AT = "completed_at";

    /** The final answer text, once completed. */
    public static final String ANSWER = "answer";

    public static final String ERROR_CODE = "error_code";
    public static final String ERROR_MESSAGE = "error_message";

    /** Checkpoint: the upstream thread ({@code thread_…}) or conversation ({@code conv_…}). */
    public static final String THREAD_ID = "thread_id";
    /** Checkpoint: the upstream message created for this request (assistants engine). */
    public static final String MESSAGE_ID = "message_id";
    /** Checkpoint: the upstream run ({@code run_…}) or response ({@code resp_…}). */
    public static final String RUN_ID = "run_id";

    /** Checkpoint: the run or response a {@code started} event was already emitted for. */
    public static final String STARTED_RUN = "started_run";
    /** Checkpoint: set just before the upstream create call, so a resumed request knows to reconcile. */
    public static final String CREATE_ATTEMPTED = "create_attempted";
    /**
     * Checkpoint: the turn's last round of function calls as answered (JSON: the run or response that made the calls,
     * the round's number, the text so far and each call's output), written before the outputs are handed back.
     */
    public static final String FUNCTION_ROUND = "function_round";

    /**
     * The replay count of the last record the worker took up for this request. A record with a higher replay count
     * is an operator's replay from the dead-letter topic; one with the same count is a redelivery.
     */
    public static final String REPLAY_COUNT = "replay_count";

    /**
     * The replay count of the latest replay an operator published (written by the gateway once Kafka holds it): while
     * it is above {@link #REPLAY_COUNT}, a run of the request is still to come, and its earlier end is not its last.
     */
    public static final String REPLAY_REQUESTED = "replay_requested";

    /** History stream entry: the event's seq. */
    public static final String HISTORY_SEQ = "seq";
    /** History stream entry: the event's wire type. */
    public static final String HISTORY_TYPE = "type";
    /** History stream entry: the event's JSON. */
    public static final String HISTORY_EVENT = "event";

    private RequestStateFields() {}
}
