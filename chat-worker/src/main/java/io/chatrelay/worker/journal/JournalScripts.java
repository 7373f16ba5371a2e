package io.chatrelay.worker.journal;

import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.RequestStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The Lua scripts of the journal, the arguments of a write and what a refusal answers. Field names come from
 * {@link RequestStateFields}, spliced in once here, so they live in one place. All are sent with {@code EVAL}: writes
 * are pipelined, and a script missing from a restarted Redis must not fail a write that {@code EVALSHA} would have
 * sent.
 */
final class JournalScripts {

    /**
     * Takes a request up. KEYS: state, lease, cancel flag, history (one slot: the request's). ARGV:
     * writer, lease TTL in milliseconds, the previous writer of this worker for the request ({@code ''} for none).
     *
     * <p>The lease is taken when nobody holds it, its holder is {@code ARGV[3]} (this worker's earlier go at the
     * request, which Redis or a lost lease interrupted), or {@code ARGV[1]} itself (the client sent the script again
     * after a dropped connection lost its answer). Answers {@code {0, state}} when another holds it, else
     * {@code {1, state, cancel flag, history}}; the history only when the request had gone past
     * {@code accepted} (a resumed request needs the text it already delivered).
     */
    static final byte[] TAKE_UP = lua("""
            local holder = redis.call('GET', KEYS[2])
            if holder and holder ~= ARGV[3] and holder ~= ARGV[1] then
                return {0, redis.call('HGETALL', KEYS[1])}
            end
            redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
            local status = redis.call('HGET', KEYS[1], '%s')
            local history = {}
            if status and status ~= '%s' then
                history = redis.call('XRANGE', KEYS[4], '-', '+')
            end
            return {1, redis.call('HGETALL', KEYS[1]), redis.call('EXISTS', KEYS[3]), history}
            """.formatted(RequestStateFields.STATUS, RequestStatus.ACCEPTED.wireName()));

    /**
     * One write of the lease holder. KEYS: state, history, lease (one slot: the request's). ARGV: writer, TTL of state
     * and history in milliseconds, the first event's seq, the event count n, the field count m, the deleted field
     * count d, release (1 or 0); then n × (type, JSON), m × (field, value), d × field.
     *
     * <p>Answers {@code {1, ''}} when written; {@code {0, ''}} when these events are in already, by this writer (the
     * Redis client sends a command again after a dropped connection lost its answer); {@code {-1, ''}} when the lease
     * is not the writer's; {@code {-2, last seq}} when the first event does not follow the last one in the history (an
     * earlier write of this go failed). Nothing is written unless the answer is 1.
     */
    static final byte[] WRITE = lua("""
            local first = tonumber(ARGV[3])
            local n = tonumber(ARGV[4])
            local last = tonumber(redis.call('HGET', KEYS[1], '%1$s')) or 0
            if n > 0 and last >= first + n - 1 and redis.call('HGET', KEYS[1], '%2$s') == ARGV[1] then
                return {0, ''}
            end
            if redis.call('GET', KEYS[3]) ~= ARGV[1] then
                return {-1, ''}
            end
            if n > 0 and last ~= first - 1 then
                return {-2, tostring(last)}
            end
            local i = 8
            for seq = first, first + n - 1 do
                redis.call('XADD', KEYS[2], '*', '%3$s', seq, '%4$s', ARGV[i], '%5$s', ARGV[i + 1])
                i = i + 2
            end
            if n > 0 then
                redis.call('HSET', KEYS[1], '%1$s', first + n - 1, '%2$s', ARGV[1])
                redis.call('PEXPIRE', KEYS[2], ARGV[2])
            end
            local m = tonumber(ARGV[5])
            if m > 0 then
                redis.call('HSET', KEYS[1], unpack(ARGV, i, i + 2 * m - 1))
            end
            i = i + 2 * m
            local d = tonumber(ARGV[6])
            if d > 0 then
                redis.call('HDEL', KEYS[1], unpack(ARGV, i, i + d - 1))
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            if ARGV[7] == '1' then
                redis.call('DEL', KEYS[3])
            end
            return {1, ''}
            """.formatted(
                    RequestStateFields.SEQ,
                    RequestStateFields.WRITER,
                    RequestStateFields.HISTORY_SEQ,
                    RequestStateFields.HISTORY_TYPE,
                    RequestStateFields.HISTORY_EVENT));

    /**
     * Binds a conversation to an upstream thread, unless it is bound to another than the one the new binding replaces.
     * KEYS: the conversation's binding (its slot). ARGV: the thread, the binding it may replace ({@code ''} for none),
     * the TTL in milliseconds. Answers {@code {1, ''}} when bound, {@code {-3, thread}} when bound to another.
     */
    static final byte[] BIND = lua("""
            local bound = redis.call('GET', KEYS[1])
            if bound and bound ~= ARGV[1] and bound ~= ARGV[2] then
                return {-3, bound}
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
            return {1, ''}
            """);

    /**
     * Claims an upstream thread for a company unless a company has it, and gives the claim the TTL. KEYS: the thread's
     * company (its slot). ARGV: the company, the TTL in milliseconds.
     */
    static final byte[] CLAIM = lua("""
            redis.call('SET', KEYS[1], ARGV[1], 'NX')
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return {1}
            """);

    /** Renews each lease (KEYS) still held by its writer (ARGV, in the same order), the TTL last. Answers 1 or 0 each. */
    static final byte[] RENEW = lua("""
            local kept = {}
            local ttl = ARGV[#ARGV]
            for i, key in ipairs(KEYS) do
                if redis.call('GET', key) == ARGV[i] then
                    redis.call('PEXPIRE', key, ttl)
                    kept[i] = 1
                else
                    kept[i] = 0
                end
            end
            return kept
            """);

    /** Lets go of a lease (KEYS[1]) still held by the writer ARGV[1]. */
    static final byte[] RELEASE = lua("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    private JournalScripts() {}

    /** The ARGV of a {@link #WRITE}, in the order it reads them. */
    static byte[][] writeArgs(
            String writer, String ttl, long firstSeq, List<EventFeed.Encoded> events, Entry entry, boolean release) {
        byte[][] args = new byte[7 + 2 * events.size() + 2 * entry.fields.size() + entry.deleted.size()][];
        int i = 0;
        args[i++] = JournalRedis.bytes(writer);
        args[i++] = JournalRedis.bytes(ttl);
        args[i++] = JournalRedis.bytes(Long.toString(firstSeq));
        args[i++] = JournalRedis.bytes(Integer.toString(events.size()));
        args[i++] = JournalRedis.bytes(Integer.toString(entry.fields.size()));
        args[i++] = JournalRedis.bytes(Integer.toString(entry.deleted.size()));
        args[i++] = JournalRedis.bytes(release ? "1" : "0");
        for (EventFeed.Encoded event : events) {
            args[i++] = JournalRedis.bytes(event.type());
            args[i++] = event.json();
        }
        for (Map.Entry<String, String> field : entry.fields.entrySet()) {
            args[i++] = JournalRedis.bytes(field.getKey());
            args[i++] = JournalRedis.bytes(field.getValue());
        }
        for (String deleted : entry.deleted) {
            args[i++] = JournalRedis.bytes(deleted);
        }
        return args;
    }

    /** Why a {@link #WRITE} or a {@link #BIND} answered {@code reply} was refused; null when it was written. */
    static JournalInterrupted refusal(List<Object> reply, long firstSeq) {
        long code = (Long) reply.getFirst();
        String detail = JournalRedis.text(reply.get(1));
        if (code >= 0) {
            return null;
        }
        String why = code == -1
                ? "the lease is no longer this go's"
                : code == -2
                        ? "the history ends at seq " + detail + ", not " + (firstSeq - 1)
                        : "the conversation is bound to " + detail + " already";
        return new JournalInterrupted("A journal write was refused: " + why, null);
    }

    private static byte[] lua(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
