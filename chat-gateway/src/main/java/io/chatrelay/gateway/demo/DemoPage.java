package io.chatrelay.gateway.demo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /}: a chat page for trying the system in a browser. It uses only the public API ({@code POST /v1/chats},
 * the events with the stream token, the conversation's messages, cancel), with the company's key typed into the page
 * or handed over in the URL's fragment, which browsers never send to a server.
 */
@Configuration(proxyBeanMethods = false)
class DemoPage {

    private static final Resource PAGE = new ClassPathResource("io/chatrelay/gateway/demo/page.html");

    @Bean
    RouterFunction<ServerResponse> demoPageRoute() {
        return RouterFunctions.route()
                .GET(
                        "/",
                        request -> ServerResponse.ok()
                                .contentType(MediaType.TEXT_HTML)
                                .cacheControl(CacheControl.noCache())
                                .bodyValue(PAGE))
                .build();
    }
}
