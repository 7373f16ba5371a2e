package io.chatrelay.common.naming;

import java.util.Objects;

/**
 * Every Redis key Chat Relay uses, built from a prefix. No other class concatenates a key.
 *
 * @param prefix prepended to every key ({@code "chatrelay:"} by default)
 */
public record RedisKeys(String prefix) {

    public RedisKeys {
        Objects.requireNonNull(prefix, "prefix");
    }

    /** String: the company's {@code AssistantProfile} as JSON, or a plain assistant id (seed format). */
    public String companyProfile(String companySlug) {
        return prefix + "company:" + companySlug + ":profile";
    }

    /** Hash: SHA-256 of a company API key → company slug. */
    public String apiKeys() {
        return prefix + "api-keys";
    }

    /** Set: hashes of the API keys issued to a company. */
    public String companyApiKeys(String companySlug) {
        return prefix + "company:" + companySlug + ":api-keys";
    }

    /** String: the upstream thread or conversation id of one of our conversations. */
    public String conversationThread(String conversationId) {
        return prefix + "conversation:" + conversationId + ":thread";
    }

    /**
     * String: the company a conversation belongs to, claimed by its first request and kept as long as the thread
     * binding, so that no other company can continue it.
     */
    public String conversationCompany(String conversationId) {
        return prefix + "conversation:" + conversationId + ":company";
    }

    /** List: the request ids of a conversation, in the order they were accepted. */
    public String conversationRequests(String conversationId) {
        return prefix + "conversation:" + conversationId + ":requests";
    }

    /** Hash: a request's state and checkpoints (thread, message, run/response ids, status, seq). */
    public String requestState(String requestId) {
        return prefix + "request:" + requestId;
    }

    /** Stream: a request's events in seq order, for replay to reconnecting subscribers. */
    public String eventHistory(String requestId) {
        return prefix + "request:" + requestId + ":events";
    }

    /** String: the worker that currently owns a request, with a TTL. */
    public String lease(String requestId) {
        return prefix + "request:" + requestId + ":lease";
    }

    /** String: set when a client asked to cancel a request. */
    public String cancelFlag(String requestId) {
        return prefix + "request:" + requestId + ":cancel";
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

    /** String: the request id an {@code Idempotency-Key} of a company resolved to, with a body hash. */
    public String idempotency(String companySlug, String idempotencyKey) {
        return prefix + "idempotency:" + companySlug + ":" + idempotencyKey;
    }

    /** Hash: a company's rate-limit token bucket. */
    public String rateLimit(String companySlug) {
        return prefix + "rate:" + companySlug;
    }

    /**
     * Hash: one dead letter as the gateway indexed it from {@code chat.requests.DLT} (the latest one of its request),
     * with the operator's resolution if any.
     */
    public String deadLetter(String id) {
        return prefix + "dlt:entry:" + id;
    }

    /** Sorted set: every indexed dead letter's id, scored by its last failure (epoch milliseconds). */
    public String deadLettersByTime() {
        return prefix + "dlt:by-time";
    }

    /** Sorted set: the ids of dead letters nobody replayed or discarded yet, scored like {@link #deadLettersByTime}. */
    public String deadLettersOpen() {
        return prefix + "dlt:open";
    }

    /** Stream: the audit trail of replays and discards. */
    public String deadLetterAudit() {
        return prefix + "dlt:audit";
    }
}
