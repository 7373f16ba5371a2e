package io.chatrelay.gateway.ops;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /ops}: one static page over the admin API. The page holds no data and needs no token to load; the
 * operator types the admin token, which the page keeps in the tab's session storage and sends as a bearer header.
 */
final class OpsPage {

    private static final Resource PAGE = new ClassPathResource("io/chatrelay/gateway/ops/page.html");

    private OpsPage() {}

    static RouterFunction<ServerResponse> route() {
        return RouterFunctions.route()
                .GET(
                        "/ops",
                        request -> ServerResponse.ok()
                                .contentType(MediaType.TEXT_HTML)
                                .cacheControl(CacheControl.noCache())
                                .bodyValue(PAGE))
                .build();
    }
}
