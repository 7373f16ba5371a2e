package io.chatrelay.gateway.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.accept.HeaderContentTypeResolver;
import org.springframework.web.reactive.accept.RequestedContentTypeResolver;
import org.springframework.web.reactive.accept.RequestedContentTypeResolverBuilder;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.server.NotAcceptableStatusException;

/**
 * An {@code Accept} header that does not parse counts as absent, as RFC 9110 lets a server disregard it. WebFlux would
 * otherwise refuse it with 406 while writing the answer, after the handler ran (a chat already accepted and
 * published, so that its client sends it again), and fail the error answer's negotiation in turn, which would go out
 * without a body. Set where the header is read for an answer, so that requests pay nothing more for it.
 */
@Configuration(proxyBeanMethods = false)
class UnreadableAccept implements WebFluxConfigurer {

    @Override
    public void configureContentTypeResolver(RequestedContentTypeResolverBuilder builder) {
        HeaderContentTypeResolver header = new HeaderContentTypeResolver();
        builder.resolver(exchange -> {
            try {
                return header.resolveMediaTypes(exchange);
            } catch (NotAcceptableStatusException e) {
                return RequestedContentTypeResolver.MEDIA_TYPE_ALL_LIST;
            }
        });
    }
}
