package io.chatrelay.gateway.ingest;

import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.UpstreamIds;
import io.chatrelay.gateway.api.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * Accepts one chat message: mints ids, lets the accept scripts decide and record in two round trips to Redis, then
 * publishes the request.
 *
 * <p>A conversation belongs to the company that started it: a message of another company for it is refused with
 * 409, since the worker would otherwise continue the first company's upstream conversation under the second's
 * profile.
 *
 * <p>Redis is written before Kafka: a worker may take the record the moment Kafka holds it and starts numbering
 * events from the state's seq, so the state must already exist. When the record never left for Kafka, the state is
 * removed again (and the {@code Idempotency-Key} freed) and the caller gets 503, never a 202 for a request Kafka does
 * not hold. When it left but Kafka's acknowledgement did not come in time, Kafka may hold it: the request is kept, the
 * caller gets 503 {@code publish_unconfirmed} with its id, and a retry with the same {@code Idempotency-Key} sends the
 * same request again.
 */
public class ChatIntake {

    private static final Logger log = LoggerFactory.getLogger(ChatIntake.class);

    private final AcceptScript script;
    private final RequestLedger ledger;
    private final RequestPublisher publisher;
    private final Clock clock;

    ChatIntake(AcceptScript script, RequestLedger ledger, RequestPublisher publisher, Clock clock) {
        this.script = script;
        this.ledger = ledger;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * The ids of an accepted request.
     *
     * @param requestId the request
     * @param conversationId its conversation
     */
    record Accepted(String requestId, String conversationId) {}

    /**
     * A request of the original system's API, accepted, with what its answer names.
     *
     * @param requestId the request
     * @param conversationId its conversation (the original system's thread)
     * @param profile the company's stored profile, as the accept scripts read it
     */
    public record SeedAccepted(String requestId, String conversationId, String profile) {}

    /**
     * Accepts a submission of {@code POST /v1/chats}, under the company's rate limit, and under an
     * {@code Idempotency-Key} when one is given: the same key and body give the request accepted the first time
     * (published once), the same key with another body is refused with 422.
     */
    Mono<Accepted> accept(ChatSubmission submission, String idempotencyKey, String body) {
        ChatRequest request = request(submission);
        IdempotencyClaim claim = idempotencyKey == null
                ? null
                : IdempotencyClaim.of(body, request.requestId(), request.conversationId());
        return admit(request, idempotencyKey, claim)
                .map(admission -> admission instanceof Admission.Replayed earlier
                        ? new Accepted(earlier.requestId(), earlier.conversationId())
                        : new Accepted(request.requestId(), request.conversationId()));
    }

    /**
     * Accepts a submission of the original system's {@code /api/chat}, under the company's rate limit (the same bucket
     * as {@code /v1/chats}); it has no {@code Idempotency-Key}.
     */
    public Mono<SeedAccepted> accept(ChatSubmission submission) {
        ChatRequest request = request(submission);
        return admit(request, null, null)
                .cast(Admission.Recorded.class)
                .map(recorded -> new SeedAccepted(request.requestId(), request.conversationId(), recorded.profile()));
    }

    /**
     * Runs the accept scripts and publishes a recorded request: completes with {@link Admission.Recorded} once Kafka
     * holds it, or with {@link Admission.Replayed}; fails with the answer to give for every other outcome.
     */
    private Mono<Admission> admit(ChatRequest request, String idempotencyKey, IdempotencyClaim claim) {
        return script.run(request, idempotencyKey, claim)
                .<Admission>flatMap(admission -> switch (admission) {
                    case Admission.Recorded recorded ->
                        publish(request, idempotencyKey, claim).thenReturn(recorded);
                    case Admission.Unconfirmed(IdempotencyClaim earlier) -> {
                        // The same request again, under its own ids: a worker runs it once, whichever copy it meets
                        // first, and skips the other as finished.
                        ChatRequest again = ChatRequest.of(
                                earlier.requestId(),
                                earlier.conversationId(),
                                request.companySlug(),
                                request.message(),
                                request.metadata(),
                                request.acceptedAt());
                        yield publish(again, idempotencyKey, earlier)
                                // Not sent this time says nothing of the first time.
                                .onErrorMap(
                                        RequestPublisher.NotSent.class,
                                        notSent -> ApiException.unconfirmed(earlier.requestId(), Duration.ofSeconds(1)))
                                .thenReturn(new Admission.Replayed(earlier.requestId(), earlier.conversationId()));
                    }
                    case Admission.Replayed earlier -> Mono.just(earlier);
                    case Admission.Pending pending ->
                        Mono.error(ApiException.of(
                                HttpStatus.CONFLICT,
                                "idempotency_key_pending",
                                "A request with this Idempotency-Key is still being accepted; retry shortly",
                                "Idempotency-Key",
                                Duration.ofSeconds(1)));
                    case Admission.RateLimited limit ->
                        Mono.error(
                                ApiException.tooManyRequests("Too many requests for this company", limit.retryAfter()));
                    case Admission.KeyReused reused ->
                        Mono.error(ApiException.of(
                                HttpStatus.UNPROCESSABLE_CONTENT,
                                "idempotency_key_reused",
                                "This Idempotency-Key was used with a different body",
                                "Idempotency-Key"));
                    case Admission.ConversationTaken taken ->
                        // The company's part of the script claimed the key already: freed. Another company's upstream
                        // conversation or thread is not even said to exist.
                        ledger.forget(request, idempotencyKey, claim)
                                .onErrorComplete()
                                .then(Mono.error(
                                        UpstreamIds.isUpstream(request.conversationId())
                                                ? ApiException.of(
                                                        HttpStatus.NOT_FOUND,
                                                        "unknown_conversation",
                                                        "No such conversation",
                                                        "conversationId")
                                                : ApiException.of(
                                                        HttpStatus.CONFLICT,
                                                        "conversation_taken",
                                                        "This conversationId belongs to another company",
                                                        "conversationId")));
                    case Admission.UnknownCompany unknown ->
                        Mono.error(ApiException.notFound("unknown_company", "No assistant found for this company"));
                })
                .onErrorResume(
                        failure -> !(failure instanceof ApiException),
                        failure -> unavailable(request, idempotencyKey, claim, failure));
    }

    /**
     * Publishes a recorded request and, once Kafka acknowledged it, marks its {@code Idempotency-Key} published. A
     * publish that left without an acknowledgement forgets nothing: the request stays recorded, its key unconfirmed,
     * and the caller hears 503 {@code publish_unconfirmed} with the request's id.
     *
     * @param claim the request's claim as it stands now; null without a key
     */
    private Mono<Void> publish(ChatRequest request, String idempotencyKey, IdempotencyClaim claim) {
        return publisher
                .publish(request)
                // The mark does not hold the answer back: until it lands, a retry hears 409 (or sends again).
                .doOnSuccess(sent -> {
                    if (claim != null) {
                        ledger.advance(request, idempotencyKey, claim, IdempotencyClaim.Stage.PUBLISHED)
                                .subscribe();
                    }
                })
                .onErrorResume(
                        failure -> !(failure instanceof RequestPublisher.NotSent),
                        failure -> unconfirmed(request, idempotencyKey, claim, failure));
    }

    private Mono<Void> unconfirmed(
            ChatRequest request, String idempotencyKey, IdempotencyClaim claim, Throwable failure) {
        log.warn(
                "Request {} left for Kafka without an acknowledgement in time; kept, as Kafka may hold it: {}",
                request.requestId(),
                failure.toString());
        Mono<Void> mark = claim == null
                ? Mono.empty()
                : ledger.advance(request, idempotencyKey, claim, IdempotencyClaim.Stage.UNCONFIRMED);
        return mark.then(Mono.error(ApiException.unconfirmed(request.requestId(), Duration.ofSeconds(1))));
    }

    private Mono<Admission> unavailable(
            ChatRequest request, String idempotencyKey, IdempotencyClaim claim, Throwable failure) {
        log.warn(
                "Request {} not accepted (Redis or Kafka did not answer in time): {}",
                request.requestId(),
                failure.toString());
        ApiException answer = ApiException.unavailable(
                "Kafka did not acknowledge the request in time; it was not accepted", Duration.ofSeconds(1));
        return ledger.forget(request, idempotencyKey, claim).onErrorComplete().then(Mono.error(answer));
    }

    private ChatRequest request(ChatSubmission submission) {
        return ChatRequest.of(
                newId("req_"),
                submission.conversationId() == null ? newId("cnv_") : submission.conversationId(),
                submission.companySlug(),
                submission.message(),
                submission.metadata(),
                clock.instant());
    }

    private static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }
}
