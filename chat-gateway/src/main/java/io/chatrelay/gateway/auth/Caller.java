package io.chatrelay.gateway.auth;

import org.springframework.web.server.ServerWebExchange;

/**
 * Who sent a request to {@code /v1/**} or {@code /api/**}, as settled by the API-key filter before any controller runs.
 * Controllers ask it whether the caller may act for a company or see one of its requests.
 */
public sealed interface Caller {

    /** Auth is off ({@code chatrelay.gateway.auth.enabled=false}): the caller may act for every company. */
    record Anyone() implements Caller {}

    /**
     * A caller authenticated as one company, by its API key or by a stream token of one of its requests.
     *
     * @param slug the company
     */
    record Company(String slug) implements Caller {}

    /** Whether the caller may act for the company, and see its requests. */
    default boolean actsFor(String companySlug) {
        return switch (this) {
            case Anyone anyone -> true;
            case Company company -> company.slug().equals(companySlug);
        };
    }

    /**
     * The caller of an exchange. Fails when the filter did not run for this path: better a 500 than a request served
     * to nobody in particular.
     */
    static Caller of(ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(ApiKeyFilter.CALLER);
        if (caller == null) {
            throw new IllegalStateException(
                    "No caller settled for " + exchange.getRequest().getPath());
        }
        return caller;
    }
}
