package io.chatrelay.common.naming;

import java.util.Objects;

/**
 * Every Redis key Chat Relay uses, built from a prefix. No other class concatenates a key.
 *
 * <p>Each key carries a hash tag, the part in braces, which alone decides its slot on a Redis Cluster: a request's
 * keys share the tag of its id, a conversation's keys the tag of its id, a company's keys the tag of its slug, and
 * the dead-letter index one tag of its own. So every script and transaction, which touches the keys of one of these
 * only, runs on a cluster as on a single Redis.
 *
 * @param prefix prepended to every key ({@code "chatrelay:"} by default); it must not hold a brace, which would make
 *     it every key's hash tag
 */
public record RedisKeys(String prefix) {

    public RedisKeys {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("A Redis key prefix must not hold a brace: " + prefix);
        }
    }

    /** String: the company's {@code AssistantProfile} as JSON, or a plain assistant id (seed format). */
    public String companyProfile(String companySlug) {
        return company(companySlug) + "profile";
    }

    /** Hash: SHA-256 of a company API key → company slug. */
    public String apiKeys() {
        return prefix + "{api-keys}";
    }

    /** Set: hashes of the API keys issued to a company. */
    public String companyApiKeys(String companySlug) {
        return company(companySlug) + "api-keys";
    }

    /** String: the request id an {@code Idempotency-Key} of a company resolved to, with a body hash. */
    public String idempotency(String companySlug, String idempotencyKey) {
        return company(companySlug) + "idempotency:" + idempotencyKey;
    }

    /** Hash: a company's rate-limit token bucket. */
    public String rateLimit(String companySlug) {
        return company(companySlug) + "rate";
    }

    /** String: the upstream thread or conversation id of one of our conversations. */
    public String conversationThread(String conversationId) {
        return conversation(conversationId) + "thread";
    }

    /**
     * String: the company a conversation belongs to, claimed by its first request and kept as long as the thread
     * binding, so that no other company can continue it. An upstream thread or conversation id has one too.
     */
    public String conversationCompany(String conversationId) {
        return conversation(conversationId) + "company";
    }

    /** List: the request ids of a conversation, in the order they were accepted. */
    public String conversationRequests(String conversationId) {
        return conversation(conversationId) + "requests";
    }

    /** Hash: a request's state and checkpoints (thread, message, run/response ids, status, seq). */
    public String requestState(String requestId) {
        return prefix + "request:{" + requestId + "}";
    }

    /** Stream: a request's events in seq order, for replay to reconnecting subscribers. */
    public String eventHistory(String requestId) {
        return requestState(requestId) + ":events";
    }

    /** String: the worker that currently owns a request, with a TTL. */
    public String lease(String requestId) {
        return requestState(requestId) + ":lease";
    }

    /** String: set when a client asked to cancel a request. */
    public String cancelFlag(String requestId) {
        return requestState(requestId) + ":cancel";
    }

    /** Pub/sub channel on which cancel requests are announced to the workers. */
    public String cancelChannel() {
        return prefix + "cancel";
    }

    /**
     * Pub/sub channel on which a company's slug is announced when its profile changed or was deleted, so that workers
     * drop their cached copy.
     */
    public String profileChannel() {
        return prefix + "profiles";
    }

    /**
     * Hash: one dead letter as the gateway indexed it from {@code chat.requests.DLT} (the latest one of its request),
     * with the operator's resolution if any.
     */
    public String deadLetter(String id) {
        return deadLetters() + "entry:" + id;
    }

    /** Sorted set: every indexed dead letter's id, scored by its last failure (epoch milliseconds). */
    public String deadLettersByTime() {
        return deadLetters() + "by-time";
    }

    /** Sorted set: the ids of dead letters nobody replayed or discarded yet, scored like {@link #deadLettersByTime}. */
    public String deadLettersOpen() {
        return deadLetters() + "open";
    }

    /** Stream: the audit trail of replays and discards. */
    public String deadLetterAudit() {
        return deadLetters() + "audit";
    }

    private String company(String companySlug) {
        return prefix + "company:{" + companySlug + "}:";
    }

    private String conversation(String conversationId) {
        return prefix + "conversation:{" + conversationId + "}:";
    }

    private String deadLetters() {
        return prefix + "{dlt}:";
    }
}
