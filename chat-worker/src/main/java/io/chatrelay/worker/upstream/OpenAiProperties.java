package io.chatrelay.worker.upstream;

import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the upstream OpenAI-compatible API is and how to talk to it.
 *
 * @param baseUrl the API base URL, ending in {@code /v1}
 * @param apiKey the API key; never logged
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout timeout of one non-streaming call, and of the wait for each read of a stream
 * @param pollInterval first wait between two polls when streaming is not available
 * @param streamResumes how many times a dropped stream is resumed before falling back to polling
 * @param maxIdleConnections keep-alive connections kept open between calls: a worker runs up to a thousand requests
 *     at once, each making several calls, and a connection per call would cost a TCP handshake each time
 * @param keepAlive how long an idle connection is kept; shorter than servers keep theirs (commonly 30 s and more),
 *     so a call does not take a connection the server has just closed
 * @param spareConversations empty upstream conversations kept ready for first turns (responses engine), so that a
 *     new conversation's first turn does not wait for one to be created; 0 creates each when needed
 */
@ConfigurationProperties("chatrelay.worker.openai")
public record OpenAiProperties(
        @DefaultValue("https://api.openai.com/v1") String baseUrl,
        @DefaultValue("") String apiKey,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("60s") Duration requestTimeout,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("3") int streamResumes,
        @DefaultValue("256") int maxIdleConnections,
        @DefaultValue("20s") Duration keepAlive,
        @DefaultValue("16") int spareConversations) {

    /**
     * The options of a call that streams: the connect timeout, and {@code requestTimeout} for each read, with no limit
     * on the whole call. An answer streams for as long as it runs (the worker's run timeout bounds that), instead of
     * being cut at {@code requestTimeout} and resumed.
     */
    public RequestOptions streaming() {
        return RequestOptions.builder()
                .timeout(Timeout.builder()
                        .connect(connectTimeout)
                        .read(requestTimeout)
                        .write(requestTimeout)
                        .request(Duration.ZERO)
                        .build())
                .build();
    }

    @Override
    public String toString() {
        return "OpenAiProperties[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isEmpty() ? "" : "****") + "]";
    }
}
