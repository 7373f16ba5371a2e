package io.chatrelay.gateway.ops;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.gateway.api.ApiException;
import io.swagger.v3.oas.annotations.Hidden;
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

/**
 * {@code /admin/dead-letters}: browse, show, replay and discard dead letters; the audit trail. Admin token first.
 *
 * <p>Left out of the OpenAPI description: it is an operator's surface, documented in the README, and springdoc did not
 * finish describing it within a request's time (the API description then timed out for everyone).
 */
@Hidden
@RestController
class OpsController {

    /** Names who acts in the audit trail; the admin token itself says nothing about who holds it. */
    static final String OPERATOR_HEADER = "X-Chatrelay-Operator";

    private static final Pattern OPERATOR = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /**
     * A page of dead letters.
     *
     * @param items the entries, newest failure first
     * @param nextCursor pass as {@code cursor} for the next page; null at the end
     */
    record Page(List<DeadLetterView> items, String nextCursor) {}

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
    Mono<Page> list(@RequestParam Map<String, String> query) {
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
    Mono<Map<String, List<AuditTrail.Entry>>> audit(@RequestParam(required = false) String limit) {
        int count = limit(limit, 50, 1000);
        return blocking(() -> Map.of("items", audit.newest(count)));
    }

    @GetMapping("/admin/dead-letters/{id}")
    Mono<DeadLetterView> show(@PathVariable String id) {
        return blocking(() -> {
            DeadLetter entry = index.find(id).orElseThrow(OpsController::unknown);
            return DeadLetterView.detail(
                    entry, index.requestStatuses(List.of(entry.id())).get(entry.id()), properties.previewChars());
        });
    }

    @PostMapping(path = "/admin/dead-letters/replay", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<Replays.Result> replay(
            @RequestBody(required = false) String body,
            @RequestHeader(name = OPERATOR_HEADER, required = false) String operator) {
        return Mono.fromCallable(() -> replayParser.parse(body, actor(operator)))
                .flatMap(replays::replay);
    }

    @PostMapping(path = "/admin/dead-letters/{id}/discard", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<DeadLetterView> discard(
            @PathVariable String id,
            @RequestBody(required = false) String body,
            @RequestHeader(name = OPERATOR_HEADER, required = false) String operator) {
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
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("invalid_filter", "limit must be a whole number from 1 to " + max, "limit");
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        // The index talks to Redis synchronously: keep it off the event loop.
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    private static ApiException unknown() {
        return ApiException.notFound("unknown_dead_letter", "No dead letter with this id");
    }
}
