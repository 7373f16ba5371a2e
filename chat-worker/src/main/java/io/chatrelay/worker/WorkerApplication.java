package io.chatrelay.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The worker: consumes chat requests and runs them through the OpenAI conversation lifecycle. */
@SpringBootApplication
@ConfigurationPropertiesScan(basePackages = {"io.chatrelay.worker", "io.chatrelay.common.naming"})
public class WorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkerApplication.class, args);
    }
}
