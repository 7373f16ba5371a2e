package io.chatrelay.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.errors.OpenAIIoException;
import io.chatrelay.worker.retry.UpstreamError;
import io.chatrelay.worker.retry.UpstreamStepFailed;
import io.chatrelay.worker.retry.Verdict;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;

class InfrastructureTests {

    @Test
    void waitsOutRedisUnreachableResettingTheConnectionOrLoadingItsData() {
        assertThat(Infrastructure.away(new RedisConnectionFailureException("Unable to connect to Redis")))
                .isTrue();
        assertThat(Infrastructure.away(new RedisSystemException(
                        "Redis exception", new RedisException(new IOException("Connection reset by peer")))))
                .isTrue();
        assertThat(Infrastructure.away(new RedisSystemException(
                        "Redis exception", new RedisLoadingException("LOADING Redis is loading the dataset"))))
                .isTrue();
    }

    @Test
    void doesNotWaitOutARedisErrorAboutTheDataOrAnUpstreamFailure() {
        assertThat(Infrastructure.away(new RedisSystemException(
                        "Redis exception", new RedisCommandExecutionException("WRONGTYPE Operation against a key"))))
                .isFalse();
        assertThat(Infrastructure.away(new UpstreamStepFailed(
                        "responses.create",
                        new Verdict.Transient("upstream I/O", UpstreamError.NONE, null),
                        new OpenAIIoException("Request failed", new IOException("timeout")))))
                .isFalse();
    }
}
