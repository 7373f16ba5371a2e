package io.chatrelay.gateway.api;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * An {@code Accept} header that does not parse counts as absent, as RFC 9110 lets a server disregard it. Left in
 * place, it would fail the content negotiation of the answer after its handler ran (a chat already accepted and
 * published, answered 406 so that the client sends it again), and of the error answer after that, which would go out
 * without a body.
 */
@Component
final class UnreadableAccept implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if (!headers.containsHeader(HttpHeaders.ACCEPT) || readable(headers)) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate()
                .request(request -> request.headers(writable -> writable.remove(HttpHeaders.ACCEPT)))
                .build());
    }

    private static boolean readable(HttpHeaders headers) {
        try {
            headers.getAccept();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
