package io.chatrelay.gateway.ops;

import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.gateway.api.ApiException;
import io.chatrelay.gateway.api.CompanySlug;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which dead letters an operator means; every criterion is optional and they all must hold.
 *
 * @param company the company slug
 * @param category a failure category's wire name
 * @param upstreamStatus the upstream HTTP status
 * @param upstreamCode the upstream error code
 * @param from last failure at or after
 * @param to last failure at or before
 * @param requestId one request
 * @param conversationId one conversation
 * @param includeResolved whether replayed and discarded entries are included (they are hidden by default)
 */
record DeadLetterFilter(
        String company,
        String category,
        Integer upstreamStatus,
        String upstreamCode,
        Instant from,
        Instant to,
        String requestId,
        String conversationId,
        boolean includeResolved) {

    /** The names a filter is written with, in query strings and in replay bodies. */
    static final Set<String> NAMES = Set.of(
            "company",
            "category",
            "upstreamStatus",
            "upstreamCode",
            "from",
            "to",
            "requestId",
            "conversationId",
            "includeResolved");

    private static final int MAX_ID = 200;

    static final DeadLetterFilter NONE = new DeadLetterFilter(null, null, null, null, null, null, null, null, false);

    /** Reads a filter; a bad value or an unknown name is a 400 naming it. */
    static DeadLetterFilter parse(Map<String, String> values) {
        for (String name : values.keySet()) {
            if (!NAMES.contains(name)) {
                throw ApiException.badRequest("unknown_filter", "Unknown filter '" + bounded(name) + "'", name);
            }
        }
        String company = blankToNull(values.get("company"));
        if (company != null && !CompanySlug.valid(company)) {
            throw ApiException.badRequest("invalid_filter", "The company slug " + CompanySlug.RULE, "company");
        }
        String category = blankToNull(values.get("category"));
        if (category != null && FailureCategory.fromWireName(category).isEmpty()) {
            throw ApiException.badRequest(
                    "invalid_filter",
                    "category must be one of "
                            + java.util.Arrays.stream(FailureCategory.values())
                                    .map(FailureCategory::wireName)
                                    .toList(),
                    "category");
        }
        Integer status = null;
        String statusText = blankToNull(values.get("upstreamStatus"));
        if (statusText != null) {
            try {
                status = Integer.parseInt(statusText);
            } catch (NumberFormatException e) {
                status = -1;
            }
            if (status < 100 || status > 599) {
                throw ApiException.badRequest(
                        "invalid_filter", "upstreamStatus must be an HTTP status (100-599)", "upstreamStatus");
            }
        }
        Instant from = instant(values.get("from"), "from");
        Instant to = instant(values.get("to"), "to");
        if (from != null && to != null && from.isAfter(to)) {
            throw ApiException.badRequest("invalid_filter", "from must not be after to", "from");
        }
        String include = blankToNull(values.get("includeResolved"));
        if (include != null && !include.equals("true") && !include.equals("false")) {
            throw ApiException.badRequest("invalid_filter", "includeResolved must be true or false", "includeResolved");
        }
        return new DeadLetterFilter(
                company,
                category,
                status,
                text(values.get("upstreamCode"), "upstreamCode"),
                from,
                to,
                text(values.get("requestId"), "requestId"),
                text(values.get("conversationId"), "conversationId"),
                "true".equals(include));
    }

    boolean matches(DeadLetter entry) {
        return (includeResolved || !entry.resolved())
                && (company == null || company.equals(entry.company()))
                && (category == null || category.equals(entry.category()))
                && (upstreamStatus == null || upstreamStatus == entry.upstreamStatus())
                && (upstreamCode == null || upstreamCode.equals(entry.upstreamCode()))
                && (from == null || !entry.lastFailureAt().isBefore(from))
                && (to == null || !entry.lastFailureAt().isAfter(to))
                && (requestId == null || requestId.equals(entry.id()))
                && (conversationId == null || conversationId.equals(entry.conversationId()));
    }

    /** The filter as given, for the audit trail: only the criteria that are set. */
    Map<String, Object> described() {
        Map<String, Object> described = new LinkedHashMap<>();
        put(described, "company", company);
        put(described, "category", category);
        put(described, "upstreamStatus", upstreamStatus);
        put(described, "upstreamCode", upstreamCode);
        put(described, "from", from == null ? null : from.toString());
        put(described, "to", to == null ? null : to.toString());
        put(described, "requestId", requestId);
        put(described, "conversationId", conversationId);
        if (includeResolved) {
            described.put("includeResolved", true);
        }
        return described;
    }

    private static void put(Map<String, Object> map, String name, Object value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    private static Instant instant(String text, String field) {
        String value = blankToNull(text);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    "invalid_filter", field + " must be an ISO-8601 instant, such as 2026-01-31T12:00:00Z", field);
        }
    }

    private static String text(String text, String field) {
        String value = blankToNull(text);
        if (value != null && value.length() > MAX_ID) {
            throw ApiException.badRequest("invalid_filter", field + " is too long", field);
        }
        return value;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String bounded(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
