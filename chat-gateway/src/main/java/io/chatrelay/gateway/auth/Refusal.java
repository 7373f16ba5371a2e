package io.chatrelay.gateway.auth;

import io.chatrelay.gateway.api.ApiError;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * An answer a filter gives instead of passing the request on. Filters run before the controllers, so the controller
 * advice that shapes every other error does not see these; the body is written here in the same shapes. Messages are
 * fixed sentences: they never echo what the client presented.
 *
 * @param status the status
 * @param body the JSON body
 * @param challenge whether to add {@code WWW-Authenticate: Bearer} (every 401)
 */
record Refusal(HttpStatus status, Object body, boolean challenge) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Refusal unauthorized(String code, String message) {
        return new Refusal(HttpStatus.UNAUTHORIZED, ApiError.of(code, message, null), true);
    }

    /** A 401 in the original system's shape, {@code {"error": message}}, for its endpoints under {@code /api}. */
    static Refusal unauthorizedSeed(String message) {
        return new Refusal(HttpStatus.UNAUTHORIZED, Map.of("error", message), true);
    }

    static Refusal notFound() {
        return new Refusal(HttpStatus.NOT_FOUND, ApiError.of("not_found", "No such endpoint", null), false);
    }

    Mono<Void> writeTo(ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (challenge) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        byte[] json = JSON.writeValueAsBytes(body);
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(json)));
    }
}
