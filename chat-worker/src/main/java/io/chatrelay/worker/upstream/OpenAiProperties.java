package io.chatrelay.worker.upstream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the upstream OpenAI-compatible API is and how to talk to it.
 *
 * @param baseUrl the API base URL, ending in {@code /v1}
 * @param apiKey the API key; never logged
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout timeout of one non-streaming call, and of the gap between two stream events
 * @param pollInterval first wait between two polls when streaming is not available
 * @param streamResumes how many times a dropped stream is resumed before falling back to polling
 */
@ConfigurationProperties("chatrelay.worker.openai")
public record OpenAiProperties(
        @DefaultValue("https://api.openai.com/v1") String baseUrl,
        @DefaultValue("") String apiKey,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("60s") Duration requestTimeout,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("3") int streamResumes) {

    @Override
    public String toString() {
        return "OpenAiProperties[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isEmpty() ? "" : "****") + "]";
    }
}
