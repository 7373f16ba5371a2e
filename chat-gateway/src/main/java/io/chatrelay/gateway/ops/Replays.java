package io.chatrelay.gateway.ops;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.ChatRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Replays dead letters: each request goes back to {@code chat.requests} under its conversation, with its replay count
 * raised, the {@code chatrelay-replay-count} header, its other headers (request id, company, trace context) and none
 * of the failure headers. Requests go one at a time in dead-letter-topic order, so a conversation's requests keep
 * their order; one that Kafka does not take holds back the rest of its conversation.
 */
final class Replays {

    /**
     * What to replay.
     *
     * @param ids the requests, or null to replay by filter
     * @param filter the filter, when {@code ids} is null
     * @param dryRun only say what would be replayed
     * @param ratePerSecond at most this many per second; null for as fast as Kafka takes them
     * @param maxCount at most this many requests
     * @param actor who asks
     */
    record Command(
            List<String> ids,
            DeadLetterFilter filter,
            boolean dryRun,
            Double ratePerSecond,
            int maxCount,
            String actor) {}

    /**
     * What happened to one request.
     *
     * @param requestId the request
     * @param conversationId its conversation
     * @param outcome {@code would_replay}, {@code published}, {@code failed} or {@code skipped}
     * @param reason why it was skipped or failed
     */
    record RequestOutcome(
            String requestId,
            String conversationId,
            String outcome,
            @Schema(types = {"string", "null"}) String reason) {}

    /**
     * The answer to a replay.
     *
     * @param auditId the audit entry of the replay, null for a dry run
     * @param dryRun whether nothing was published
     * @param matched how many requests were selected for replay
     * @param truncated whether the filter matched more than {@code maxCount}
     * @param published how many Kafka took
     * @param failed how many Kafka did not take
     * @param skipped how many were not replayed (unknown, resolved, unreadable, held back)
     * @param requests each request's outcome, in replay order
     */
    record Result(
            @Schema(types = {"string", "null"}) String auditId,
            boolean dryRun,
            int matched,
            boolean truncated,
            int published,
            int failed,
            int skipped,
            List<RequestOutcome> requests) {}

    private final DeadLetterIndex index;
    private final AuditTrail audit;
    private final OpsMetrics metrics;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;
    private final OpsProperties properties;
    private final Clock clock;

    Replays(
            DeadLetterIndex index,
            AuditTrail audit,
            OpsMetrics metrics,
            KafkaTemplate<String, byte[]> kafka,
            TopicNames topics,
            OpsProperties properties,
            Clock clock) {
        this.index = index;
        this.audit = audit;
        this.metrics = metrics;
        this.kafka = kafka;
        this.topics = topics;
        this.properties = properties;
        this.clock = clock;
    }

    Mono<Result> replay(Command command) {
        return Mono.fromCallable(() -> ReplaySelection.of(command, index, properties.scanLimit()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(selection -> command.dryRun() ? Mono.just(dryRun(selection)) : publish(command, selection));
    }

    private Result dryRun(ReplaySelection selection) {
        List<RequestOutcome> outcomes = new ArrayList<>();
        selection
                .entries()
                .forEach(e -> outcomes.add(new RequestOutcome(e.id(), e.conversationId(), "would_replay", null)));
        outcomes.addAll(selection.skipped());
        return new Result(
                null,
                true,
                selection.entries().size(),
                selection.truncated(),
                0,
                0,
                selection.skipped().size(),
                outcomes);
    }

    private Mono<Result> publish(Command command, ReplaySelection selection) {
        Set<String> heldBack = new HashSet<>();
        Flux<DeadLetter> paced = Flux.fromIterable(selection.entries());
        if (command.ratePerSecond() != null) {
            paced = paced.delayElements(Duration.ofNanos((long) (1_000_000_000L / command.ratePerSecond())));
        }
        return paced.concatMap(entry -> publishOne(entry, heldBack, command.actor()))
                .collectList()
                .flatMap(published -> Mono.fromCallable(() -> finish(command, selection, published))
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    private Mono<RequestOutcome> publishOne(DeadLetter entry, Set<String> heldBack, String actor) {
        if (heldBack.contains(entry.conversationId())) {
            return Mono.just(new RequestOutcome(
                    entry.id(), entry.conversationId(), "skipped", "earlier_request_of_conversation_failed"));
        }
        return Mono.fromFuture(() -> kafka.send(replayRecord(entry)))
                .subscribeOn(Schedulers.boundedElastic())
                .then(Mono.fromCallable(() -> {
                            index.replayRequested(
                                    entry.id(), entry.request().replayed().replayCount());
                            index.resolve(
                                    entry,
                                    new DeadLetter.Resolution(DeadLetter.REPLAYED, clock.instant(), actor, null));
                            return new RequestOutcome(entry.id(), entry.conversationId(), "published", null);
                        })
                        .subscribeOn(Schedulers.boundedElastic()))
                .onErrorResume(e -> {
                    heldBack.add(entry.conversationId());
                    return Mono.just(new RequestOutcome(
                            entry.id(), entry.conversationId(), "failed", "kafka_did_not_acknowledge"));
                });
    }

    private Result finish(Command command, ReplaySelection selection, List<RequestOutcome> outcomes) {
        List<RequestOutcome> all = new ArrayList<>(outcomes);
        all.addAll(selection.skipped());
        int published = count(all, "published");
        int failed = count(all, "failed");
        int skipped = count(all, "skipped");
        all.forEach(o -> metrics.replay(o.outcome()));
        String auditId = audit.record(new AuditTrail.Entry(
                null,
                "replay",
                command.actor(),
                clock.instant(),
                command.ids() == null ? command.filter().described() : null,
                all.stream().map(RequestOutcome::requestId).toList(),
                all.size(),
                "published=" + published + " failed=" + failed + " skipped=" + skipped,
                null));
        return new Result(
                auditId, false, selection.entries().size(), selection.truncated(), published, failed, skipped, all);
    }

    private static int count(List<RequestOutcome> outcomes, String outcome) {
        return (int) outcomes.stream().filter(o -> o.outcome().equals(outcome)).count();
    }

    private ProducerRecord<String, byte[]> replayRecord(DeadLetter entry) {
        ChatRequest replayed = entry.request().replayed();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                topics.requests(),
                replayed.conversationId(),
                ChatCodec.instance().toBytes(replayed));
        entry.headers().forEach((name, value) -> {
            if (!ChatHeaders.isFailureHeader(name)
                    && !name.equals(ChatHeaders.ATTEMPT)
                    && !name.equals(ChatHeaders.REPLAY_COUNT)) {
                record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
            }
        });
        if (record.headers().lastHeader(ChatHeaders.REQUEST_ID) == null) {
            record.headers().add(ChatHeaders.REQUEST_ID, replayed.requestId().getBytes(StandardCharsets.UTF_8));
        }
        if (record.headers().lastHeader(ChatHeaders.COMPANY) == null) {
            record.headers().add(ChatHeaders.COMPANY, replayed.companySlug().getBytes(StandardCharsets.UTF_8));
        }
        record.headers()
                .add(
                        ChatHeaders.REPLAY_COUNT,
                        Integer.toString(replayed.replayCount()).getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
