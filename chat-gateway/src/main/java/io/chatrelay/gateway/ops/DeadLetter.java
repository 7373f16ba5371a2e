package io.chatrelay.gateway.ops;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.wire.ChatRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One dead letter as indexed: what the record on {@code chat.requests.DLT} says, and what an operator did about it.
 *
 * @param id the request id, or {@code dlt-<partition>-<offset>} for an unreadable record without one
 * @param request the failed request; null when the record could not be read
 * @param conversationId the conversation (the record key when unreadable)
 * @param company the company (the company header when unreadable)
 * @param category the failure category's wire name
 * @param reason a short description of the failure
 * @param upstreamStatus the upstream HTTP status, or 0
 * @param upstreamCode the upstream error code, or null
 * @param upstreamRequestId the upstream {@code x-request-id}, or null
 * @param attempts upstream attempts made
 * @param firstFailureAt when the first attempt failed
 * @param lastFailureAt when the last attempt failed
 * @param replayCount how many times the request had been replayed when it failed
 * @param partition the record's partition in the dead-letter topic
 * @param offset the record's offset there
 * @param headers the record's headers (last value of each)
 * @param value the record's bytes
 * @param resolution what an operator did about it, or null while open
 */
record DeadLetter(
        String id,
        ChatRequest request,
        String conversationId,
        String company,
        String category,
        String reason,
        int upstreamStatus,
        String upstreamCode,
        String upstreamRequestId,
        int attempts,
        Instant firstFailureAt,
        Instant lastFailureAt,
        int replayCount,
        int partition,
        long offset,
        Map<String, String> headers,
        byte[] value,
        Resolution resolution) {

    /**
     * An operator's decision on a dead letter.
     *
     * @param kind {@code replayed} or {@code discarded}
     * @param at when
     * @param by who (the operator header, else {@code admin})
     * @param reason why (discards)
     */
    record Resolution(String kind, Instant at, String by, String reason) {}

    static final String REPLAYED = "replayed";
    static final String DISCARDED = "discarded";

    /** Reads a record of the dead-letter topic; never throws, since unreadable records are dead letters too. */
    static DeadLetter from(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        byte[] value = record.value() == null ? new byte[0] : record.value();
        ChatRequest request;
        try {
            request = ChatCodec.instance().readRequest(value);
        } catch (RuntimeException e) {
            request = null;
        }
        String id = headers.getOrDefault(
                ChatHeaders.REQUEST_ID,
                request != null ? request.requestId() : "dlt-" + record.partition() + "-" + record.offset());
        Instant recorded = Instant.ofEpochMilli(record.timestamp());
        Instant last = instant(headers.get(ChatHeaders.LAST_FAILURE_AT), recorded);
        return new DeadLetter(
                id,
                request,
                request != null ? request.conversationId() : record.key(),
                request != null ? request.companySlug() : headers.get(ChatHeaders.COMPANY),
                headers.getOrDefault(ChatHeaders.FAILURE_CATEGORY, "unknown"),
                headers.getOrDefault(ChatHeaders.FAILURE_REASON, ""),
                integer(headers.get(ChatHeaders.UPSTREAM_STATUS)),
                headers.get(ChatHeaders.UPSTREAM_CODE),
                headers.get(ChatHeaders.UPSTREAM_REQUEST_ID),
                integer(headers.get(ChatHeaders.ATTEMPT)),
                instant(headers.get(ChatHeaders.FIRST_FAILURE_AT), last),
                last,
                headers.containsKey(ChatHeaders.REPLAY_COUNT)
                        ? integer(headers.get(ChatHeaders.REPLAY_COUNT))
                        : request == null ? 0 : request.replayCount(),
                record.partition(),
                record.offset(),
                Map.copyOf(headers),
                value,
                null);
    }

    boolean readable() {
        return request != null;
    }

    boolean resolved() {
        return resolution != null;
    }

    /** The first {@code chars} characters of the message, or of the raw record when unreadable. */
    String preview(int chars) {
        String text = request != null ? request.message() : new String(value, StandardCharsets.UTF_8);
        return text.length() <= chars ? text : text.substring(0, chars) + "…";
    }

    private static int integer(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instant(String text, Instant otherwise) {
        try {
            return text == null ? otherwise : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return otherwise;
        }
    }
}
