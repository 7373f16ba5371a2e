package io.chatrelay.worker.upstream;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import com.openai.models.conversations.ConversationRetrieveParams;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.worker.engine.ChatEngine;
import io.chatrelay.worker.engine.FunctionHandler;
import io.chatrelay.worker.engine.FunctionHandlers;
import io.chatrelay.worker.engine.assistants.AssistantsEngine;
import io.chatrelay.worker.engine.responses.ResponsesEngine;
import io.chatrelay.worker.retry.FailureClassifier;
import io.chatrelay.worker.retry.OutageGuard;
import io.chatrelay.worker.retry.RetryProperties;
import io.chatrelay.worker.retry.UpstreamRetry;
import io.chatrelay.worker.retry.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAI client and the engines built on it. */
@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

    @Bean(destroyMethod = "close")
    OpenAIClient openAiClient(OpenAiProperties properties) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(properties.baseUrl())
                // The simulator and compatible servers accept any key; an empty one would fail client-side checks.
                .apiKey(properties.apiKey().isEmpty() ? "sk-none" : properties.apiKey())
                // Retries are ours (Spring Retry): the SDK's are blind to 429 kinds and cap retry-after at 8 s.
                .maxRetries(0)
                .maxIdleConnections(properties.maxIdleConnections())
                .keepAliveDuration(properties.keepAlive())
                .timeout(Timeout.builder()
                        .connect(properties.connectTimeout())
                        .read(properties.requestTimeout())
                        .write(properties.requestTimeout())
                        .request(properties.requestTimeout())
                        .build())
                .build();
    }

    @Bean
    OutageGuard outageGuard(RetryProperties properties, OpenAIClient client) {
        RequestOptions probe = RequestOptions.builder()
                .timeout(properties.outage().probeTimeout())
                .build();
        return new OutageGuard(properties.outage(), () -> upstreamAnswers(client, probe));
    }

    @Bean
    UpstreamRetry upstreamRetry(RetryProperties properties, OutageGuard outageGuard, MeterRegistry meters) {
        return new UpstreamRetry(properties, outageGuard, meters);
    }

    /** {@code /actuator/health} component {@code upstream}: down while the outage guard holds intake. */
    @Bean
    HealthIndicator upstreamHealthIndicator(OutageGuard outageGuard, OpenAiProperties properties) {
        return () -> (outageGuard.down() ? Health.down() : Health.up())
                .withDetail("baseUrl", properties.baseUrl())
                .build();
    }

    /** Any answer but a transient failure means the upstream is up: a 404 for a made-up id is the cheapest. */
    static boolean upstreamAnswers(OpenAIClient client, RequestOptions options) {
        try {
            client.conversations().retrieve("conv_chatrelay_probe", ConversationRetrieveParams.none(), options);
            return true;
        } catch (RuntimeException e) {
            return !(FailureClassifier.classify(e) instanceof Verdict.Transient);
        }
    }

    @Bean
    FunctionHandlers functionHandlers(ObjectProvider<FunctionHandler> handlers) {
        return new FunctionHandlers(handlers.orderedStream().toList());
    }

    @Bean
    ResponsesEngine responsesEngine(
            OpenAIClient client, UpstreamRetry retry, OpenAiProperties properties, FunctionHandlers functions) {
        return new ResponsesEngine(client, retry, properties, functions);
    }

    @Bean
    AssistantsEngine assistantsEngine(
            OpenAIClient client, UpstreamRetry retry, OpenAiProperties properties, FunctionHandlers functions) {
        return new AssistantsEngine(client, retry, properties, functions);
    }

    @Bean
    Map<Engine, ChatEngine> engines(List<ChatEngine> engines) {
        Map<Engine, ChatEngine> byKind = new EnumMap<>(Engine.class);
        engines.forEach(engine -> byKind.put(engine.kind(), engine));
        return byKind;
    }
}
