package io.chatrelay.gateway.auth;

import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Settles the {@link Caller} of every request to {@code /v1/**} and {@code /api/**}. With auth enabled a company API
 * key ({@code Authorization: Bearer}) is required, and an unknown or revoked one is answered 401 before any controller
 * runs; with auth disabled every caller is {@link Caller.Anyone}. A browser's {@code EventSource}, which cannot send
 * the header, opens a request's events with the stream token of the 202 instead ({@link StreamTokens}). Under
 * {@code /api} (the original system's endpoints) a 401 has that system's error shape, {@code {"error": message}}.
 */
final class ApiKeyFilter implements WebFilter, Ordered {

    /** The exchange attribute that holds the {@link Caller}. */
    static final String CALLER = Caller.class.getName();

    private static final PathPattern CHAT_API = PathPatternParser.defaultInstance.parse("/v1/**");
    private static final PathPattern SEED_API = PathPatternParser.defaultInstance.parse("/api/**");
    private static final PathPattern EVENTS = PathPatternParser.defaultInstance.parse("/v1/chats/{requestId}/events");

    private final boolean enabled;
    private final ApiKeys apiKeys;
    private final StreamTokens streamTokens;

    ApiKeyFilter(boolean enabled, ApiKeys apiKeys, StreamTokens streamTokens) {
        this.enabled = enabled;
        this.apiKeys = apiKeys;
        this.streamTokens = streamTokens;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        boolean seed = SEED_API.matches(path);
        if (!seed && !CHAT_API.matches(path)) {
            return chain.filter(exchange);
        }
        if (!enabled) {
            return proceed(exchange, chain, new Caller.Anyone());
        }
        String key = Credentials.bearer(exchange.getRequest());
        if (key == null) {
            return streamToken(exchange, chain, path);
        }
        return apiKeys.companyOf(key)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(company -> company.isPresent()
                        ? proceed(exchange, chain, new Caller.Company(company.get()))
                        : refuse(exchange, seed, "invalid_api_key", "The API key is not valid"));
    }

    /**
     * Without a key, a stream token in {@code ?token=} opens the events of the request it was minted for, and nothing
     * else; every other call without a key is refused.
     */
    private Mono<Void> streamToken(ServerWebExchange exchange, WebFilterChain chain, PathContainer path) {
        ServerHttpRequest request = exchange.getRequest();
        String token = request.getQueryParams().getFirst("token");
        PathPattern.PathMatchInfo events = EVENTS.matchAndExtract(path);
        if (token == null || events == null || request.getMethod() != HttpMethod.GET) {
            boolean seed = SEED_API.matches(path);
            return refuse(exchange, seed, "missing_credentials", "An API key is required: Authorization: Bearer <key>");
        }
        return switch (streamTokens.verify(token, events.getUriVariables().get("requestId"))) {
            case StreamTokens.Verdict.Valid valid -> proceed(exchange, chain, new Caller.Company(valid.companySlug()));
            case StreamTokens.Verdict.Expired expired ->
                refuse(exchange, false, "stream_token_expired", "The stream token has expired");
            case StreamTokens.Verdict.Invalid invalid ->
                refuse(exchange, false, "invalid_stream_token", "The stream token is not valid for this request");
        };
    }

    /** Right after the admin filter, before anything that works for a caller. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    private static Mono<Void> proceed(ServerWebExchange exchange, WebFilterChain chain, Caller caller) {
        exchange.getAttributes().put(CALLER, caller);
        return chain.filter(exchange);
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, boolean seed, String code, String message) {
        Refusal refusal = seed ? Refusal.unauthorizedSeed(message) : Refusal.unauthorized(code, message);
        return refusal.writeTo(exchange);
    }
}
