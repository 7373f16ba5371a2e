package io.chatrelay.worker;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes the worker read its settings from {@code chat-worker.yml} (then {@code application.yml}, for overrides next to
 * the jar) however it is started: main, tests or the dev stack. The dev stack runs gateway and workers from one
 * classpath, where each app's own {@code application.yml} would hide the other's.
 */
public final class WorkerConfigFile implements EnvironmentPostProcessor, Ordered {

    static final String NAMES = "chat-worker,application";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (application.getAllSources().contains(WorkerApplication.class)) {
            // Last: spring.config.name set anywhere else (argument, environment, test property) still wins.
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource("chat-worker-config-file", Map.of("spring.config.name", NAMES)));
        }
    }

    /** Before config data is loaded, which is when {@code spring.config.name} is read. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER - 1;
    }
}
