package io.chatrelay.gateway.ingest;

import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.gateway.api.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * Accepts one chat message: checks the company, mints ids, records the request in Redis and publishes it.
 *
 * <p>A conversation belongs to the company that started it: a message of another company for it is refused with
 * 409, since the worker would otherwise continue the first company's upstream conversation under the second's
 * profile.
 *
 * <p>Redis is written before Kafka: a worker may take the record the moment Kafka holds it and starts numbering
 * events from the state's seq, so the state must already exist. When Kafka does not acknowledge, the state is
 * removed again and the caller gets 503, never a 202 for a request Kafka does not hold.
 */
class ChatIntake {

    private static final Logger log = LoggerFactory.getLogger(ChatIntake.class);

    private final RequestLedger ledger;
    private final RequestPublisher publisher;
    private final IdempotencyLedger idempotency;
    private final Clock clock;

    ChatIntake(RequestLedger ledger, RequestPublisher publisher, IdempotencyLedger idempotency, Clock clock) {
        this.ledger = ledger;
        this.publisher = publisher;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    /**
     * Accepts a submission under an {@code Idempotency-Key}: the same key and body give the request accepted the first
     * time (published once), the same key with another body is refused with 422.
     */
    Mono<Accepted> accept(ChatSubmission submission, String idempotencyKey, String body) {
        if (idempotencyKey == null) {
            return accept(submission).map(request -> new Accepted(request.requestId(), request.conversationId()));
        }
        String company = submission.companySlug();
        String bodyHash = IdempotencyLedger.hash(body);
        String requestId = newId("req_");
        String conversationId = submission.conversationId() == null ? newId("cnv_") : submission.conversationId();
        IdempotencyLedger.Claim claim = new IdempotencyLedger.Claim(bodyHash, requestId, conversationId);
        Mono<Accepted> acceptClaimed = Mono.defer(() -> acceptAs(submission, requestId, conversationId)
                .map(request -> new Accepted(request.requestId(), request.conversationId()))
                .onErrorResume(failure -> idempotency
                        .release(company, idempotencyKey)
                        .onErrorComplete()
                        .then(Mono.error(failure))));
        return idempotency.claim(company, idempotencyKey, claim).flatMap(claimed -> {
            if (claimed) {
                return acceptClaimed;
            }
            return idempotency
                    .find(company, idempotencyKey)
                    .switchIfEmpty(Mono.error(ApiException.of(
                            HttpStatus.CONFLICT, "idempotency_in_flux", "Retry the request", "Idempotency-Key")))
                    .flatMap(earlier -> {
                        if (earlier.requestId().equals(requestId)) {
                            // This call's own claim: the Redis client sent the claim again after a dropped connection
                            // lost the first answer, and the second found the first's key. The request is not
                            // accepted yet; answering with its id alone would acknowledge a request nobody sent on.
                            return acceptClaimed;
                        }
                        return earlier.bodyHash().equals(bodyHash)
                                ? Mono.just(new Accepted(earlier.requestId(), earlier.conversationId()))
                                : Mono.error(ApiException.of(
                                        HttpStatus.UNPROCESSABLE_CONTENT,
                                        "idempotency_key_reused",
                                        "This Idempotency-Key was used with a different body",
                                        "Idempotency-Key"));
                    });
        });
    }

    /**
     * The ids of an accepted request.
     *
     * @param requestId the request
     * @param conversationId its conversation
     */
    record Accepted(String requestId, String conversationId) {}

    Mono<ChatRequest> accept(ChatSubmission submission) {
        return acceptAs(
                submission,
                newId("req_"),
                submission.conversationId() == null ? newId("cnv_") : submission.conversationId());
    }

    private Mono<ChatRequest> acceptAs(ChatSubmission submission, String requestId, String conversationId) {
        ChatRequest request = ChatRequest.of(
                requestId,
                conversationId,
                submission.companySlug(),
                submission.message(),
                submission.metadata(),
                clock.instant());
        return ledger.recordAccepted(request)
                .flatMap(recorded -> switch (recorded) {
                    case ACCEPTED -> publisher.publish(request).thenReturn(request);
                    case CONVERSATION_TAKEN ->
                        Mono.<ChatRequest>error(ApiException.of(
                                HttpStatus.CONFLICT,
                                "conversation_taken",
                                "This conversationId belongs to another company",
                                "conversationId"));
                    case UNKNOWN_COMPANY ->
                        Mono.<ChatRequest>error(
                                ApiException.notFound("unknown_company", "No assistant found for this company"));
                })
                .onErrorResume(
                        failure -> !(failure instanceof ApiException),
                        failure -> unavailable(request, failure).then(Mono.empty()));
    }

    private Mono<Void> unavailable(ChatRequest request, Throwable failure) {
        log.warn("Kafka did not acknowledge request {}: {}", request.requestId(), failure.toString());
        ApiException answer = ApiException.unavailable(
                "Kafka did not acknowledge the request in time; it was not accepted", Duration.ofSeconds(1));
        return ledger.forget(request).onErrorComplete().then(Mono.error(answer));
    }

    private static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }
}
