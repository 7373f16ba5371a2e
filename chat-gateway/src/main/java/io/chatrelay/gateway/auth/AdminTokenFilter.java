package io.chatrelay.gateway.auth;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Guards {@code /admin/**} with the admin token. Without a configured token the admin API does not exist (404): an
 * unconfigured gateway offers no surface to guess at.
 */
final class AdminTokenFilter implements WebFilter, Ordered {

    private static final PathPattern ADMIN = PathPatternParser.defaultInstance.parse("/admin/**");

    /** Null when no admin token is configured. */
    private final String adminToken;

    AdminTokenFilter(String adminToken) {
        this.adminToken = adminToken;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!ADMIN.matches(exchange.getRequest().getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        if (adminToken == null) {
            return Refusal.notFound().writeTo(exchange);
        }
        String presented = Credentials.bearer(exchange.getRequest());
        if (presented == null) {
            return Refusal.unauthorized(
                            "missing_credentials", "The admin API needs Authorization: Bearer <admin token>")
                    .writeTo(exchange);
        }
        if (!Credentials.same(presented, adminToken)) {
            return Refusal.unauthorized("invalid_admin_token", "The admin token is not valid")
                    .writeTo(exchange);
        }
        return chain.filter(exchange);
    }

    /** Before every other filter: nothing of the admin API runs for a caller without the token. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
