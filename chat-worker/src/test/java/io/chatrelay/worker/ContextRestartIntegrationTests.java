package io.chatrelay.worker;

import static io.chatrelay.worker.WorkerFixtures.aChatRequest;
import static io.chatrelay.worker.WorkerFixtures.accept;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A worker whose application context is stopped and started again (as a test framework pauses a cached context, or an
 * operator restarts its lifecycle) takes work again: the graceful stop closes intake, the start opens it.
 */
class ContextRestartIntegrationTests extends WorkerIntegrationTestSupport {

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void takesRequestsAgainAfterTheContextIsStoppedAndStarted() {
        redis.opsForValue()
                .set(
                        keys.companyProfile("acme"),
                        ChatCodec.instance().toJson(AssistantProfile.responses("gpt-sim", null)));

        context.stop();
        context.start();

        ChatRequest request = aChatRequest(NAMES.of("c-restart"), "Still there?");
        accept(redis, keys, topics, request);
        awaitStatus(request, "completed");
    }
}
