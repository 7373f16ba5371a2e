package io.chatrelay.gateway.ingest;

import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.gateway.api.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Accepts one chat message: checks the company, mints ids, records the request in Redis and publishes it.
 *
 * <p>Redis is written before Kafka: a worker may take the record the moment Kafka holds it and starts numbering
 * events from the state's seq, so the state must already exist. When Kafka does not acknowledge, the state is
 * removed again and the caller gets 503, never a 202 for a request Kafka does not hold.
 */
class ChatIntake {

    private static final Logger log = LoggerFactory.getLogger(ChatIntake.class);

    private final RequestLedger ledger;
    private final RequestPublisher publisher;
    private final Clock clock;

    ChatIntake(RequestLedger ledger, RequestPublisher publisher, Clock clock) {
        this.ledger = ledger;
        this.publisher = publisher;
        this.clock = clock;
    }

    Mono<ChatRequest> accept(ChatSubmission submission) {
        return ledger.companyExists(submission.companySlug()).flatMap(known -> {
            if (!known) {
                return Mono.error(ApiException.notFound("unknown_company", "No assistant found for this company"));
            }
            ChatRequest request = ChatRequest.of(
                    newId("req_"),
                    submission.conversationId() == null ? newId("cnv_") : submission.conversationId(),
                    submission.companySlug(),
                    submission.message(),
                    submission.metadata(),
                    clock.instant());
            return ledger.recordAccepted(request)
                    .then(publisher.publish(request))
                    .onErrorResume(failure -> unavailable(request, failure))
                    .thenReturn(request);
        });
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
