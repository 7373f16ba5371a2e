package io.chatrelay.gateway.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;
import reactor.core.scheduler.Schedulers;

/**
 * The parts of the OpenAPI description ({@code /v3/api-docs}, browsable at {@code /swagger-ui.html}) that no single
 * controller owns: the API's title, the security schemes and the error answers the controllers refer to by name.
 * springdoc adds the paths from the controllers' annotations.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    /**
     * springdoc builds the description when it is first asked for, synchronously in its handler: on a cold JVM that
     * takes seconds (ten and more on a busy two-core machine), and on a Netty event loop it would stall every other
     * connection of that loop meanwhile. Subscribing to the rest of the chain on a worker thread keeps it off the loop.
     */
    @Bean
    WebFilter apiDocsOffTheEventLoop() {
        return (exchange, chain) -> exchange.getRequest().getPath().value().startsWith("/v3/api-docs")
                ? chain.filter(exchange).subscribeOn(Schedulers.boundedElastic())
                : chain.filter(exchange);
    }

    @Bean
    OpenAPI chatRelayOpenApi() {
        Components components = new Components()
                .addSecuritySchemes(
                        ApiDocs.COMPANY_KEY,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description("A company API key (crk_…) issued by the admin API, as"
                                        + " Authorization: Bearer. Required on /v1/** and /api/** when"
                                        + " chatrelay.gateway.auth.enabled is true; with auth disabled (the default)"
                                        + " no credential is asked for."))
                .addSecuritySchemes(
                        ApiDocs.ADMIN_TOKEN,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description("chatrelay.gateway.auth.admin-token as Authorization: Bearer. While no"
                                        + " admin token is configured, /admin/** answers 404."))
                .addSecuritySchemes(
                        ApiDocs.STREAM_TOKEN,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.QUERY)
                                .name("token")
                                .description("The streamToken of a 202 (auth enabled), for browsers whose EventSource"
                                        + " cannot send a header: opens that request's events, and nothing else,"
                                        + " until it expires (chatrelay.gateway.auth.stream-token-ttl)."));
        ErrorAnswers.schemas().forEach(components::addSchemas);
        ErrorAnswers.all().forEach(components::addResponses);
        return new OpenAPI()
                .info(new Info()
                        .title("Chat Relay gateway")
                        .version("v1")
                        .description("Accepts chat messages, answers 202 once Kafka holds them, and relays each"
                                + " request's progress over Server-Sent Events that survive reconnects. Errors"
                                + " under /v1 and /admin have one shape, {\"error\": {\"code\", \"message\","
                                + " \"field\"?}}; the original system's endpoints under /api keep its shape,"
                                + " {\"error\": \"...\"}."))
                .components(components);
    }
}
