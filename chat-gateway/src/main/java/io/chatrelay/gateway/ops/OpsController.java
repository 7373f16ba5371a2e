package io.chatrelay.gateway.ops;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.gateway.api.ApiException;
import io.chatrelay.gateway.api.QueryNumber;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;

/** {@code /admin/dead-letters}: browse, show, replay and discard dead letters; the audit trail. Admin token first. */
@RestController
class OpsController implements OpsApi {

    /** Names who acts in the audit trail; the admin token itself says nothing about who holds it. */
    static final String OPERATOR_HEADER = "X-Chatrelay-Operator";

    private static final Pattern OPERATOR = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final DeadLetterIndex index;
    private final Replays replays;
    private final ReplayRequestParser replayParser;
    private final Discards discards;
    private final AuditTrail audit;
    private final OpsProperties properties;

    OpsController(
            DeadLetterIndex index, Replays replays, Discards discards, AuditTrail audit, OpsProperties properties) {
        this.index = index;
        this.replays = replays;
        this.replayParser = new ReplayRequestParser(properties);
        this.discards = discards;
        this.audit = audit;
        this.properties = properties;
    }

    @GetMapping("/admin/dead-letters")
    @Override
    public Mono<Page> list(@Parameter(hidden = true) @RequestParam Map<String, String> query) {
        Map<String, String> criteria = new HashMap<>(query);
        int limit = limit(criteria.remove("limit"), 50, properties.maxPageSize());
        String cursor = criteria.remove("cursor");
        DeadLetterFilter filter = DeadLetterFilter.parse(criteria);
        return blocking(() -> {
            DeadLetterIndex.Page page = index.page(filter, cursor, limit, properties.scanLimit());
            Map<String, String> statuses = index.requestStatuses(
                    page.items().stream().map(DeadLetter::id).toList());
            return new Page(
                    page.items().stream()
                            .map(e -> DeadLetterView.summary(e, statuses.get(e.id()), properties.previewChars()))
                            .toList(),
                    page.nextCursor());
        });
    }

    @GetMapping("/admin/dead-letters/audit")
    @Override
    public Mono<AuditPage> audit(
            @Parameter(description = "1 to 1000, default 50") @RequestParam(required = false) String limit) {
        int count = limit(limit, 50, 1000);
        return blocking(() -> new AuditPage(audit.newest(count)));
    }

    @GetMapping("/admin/dead-letters/{id}")
    @Override
    public Mono<DeadLetterView> show(@PathVariable String id) {
        return blocking(() -> {
            DeadLetter entry = index.find(id).orElseThrow(OpsController::unknown);
            return DeadLetterView.detail(
                    entry, index.requestStatuses(List.of(entry.id())).get(entry.id()), properties.previewChars());
        });
    }

    @PostMapping(
            path = "/admin/dead-letters/replay",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Override
    public Mono<Replays.Result> replay(
            @RequestBody(required = false) String body,
            @Parameter(description = "Who acts, for the audit trail (default admin)")
                    @RequestHeader(name = OPERATOR_HEADER, required = false)
                    String operator) {
        return Mono.fromCallable(() -> replayParser.parse(body, actor(operator)))
                .flatMap(replays::replay);
    }

    @PostMapping(
            path = "/admin/dead-letters/{id}/discard",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Override
    public Mono<DeadLetterView> discard(
            @PathVariable String id,
            @RequestBody(required = false) String body,
            @Parameter(description = "Who acts, for the audit trail (default admin)")
                    @RequestHeader(name = OPERATOR_HEADER, required = false)
                    String operator) {
        String reason = reason(body);
        String actor = actor(operator);
        return blocking(() -> {
            DeadLetter entry = discards.discard(id, reason, actor);
            return DeadLetterView.summary(
                    entry, index.requestStatuses(List.of(entry.id())).get(entry.id()), properties.previewChars());
        });
    }

    private static String reason(String body) {
        try {
            var root = body == null || body.isBlank()
                    ? null
                    : ChatCodec.instance().mapper().readTree(body);
            if (root == null || !root.isObject()) {
                throw ApiException.badRequest("malformed_request", "The body must be {\"reason\": \"...\"}", null);
            }
            for (String name : root.propertyNames()) {
                if (!name.equals("reason")) {
                    throw ApiException.badRequest("unknown_field", "Unknown field '" + name + "'", name);
                }
            }
            var reason = root.get("reason");
            return reason == null || !reason.isString() ? null : reason.asString();
        } catch (JacksonException e) {
            throw ApiException.badRequest("malformed_request", "The body is not well-formed JSON", null);
        }
    }

    private static String actor(String operator) {
        if (operator == null || operator.isBlank()) {
            return "admin";
        }
        if (!OPERATOR.matcher(operator).matches()) {
            throw ApiException.badRequest(
                    "invalid_operator", OPERATOR_HEADER + " must be 1-64 of A-Z, a-z, 0-9, '.', '_', '@', '-'", null);
        }
        return operator;
    }

    private static int limit(String text, int otherwise, int max) {
        return QueryNumber.of(text, "limit", otherwise, 1, max, "invalid_filter");
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        // The index talks to Redis synchronously: keep it off the event loop.
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    private static ApiException unknown() {
        return ApiException.notFound("unknown_dead_letter", "No dead letter with this id");
    }
}
