package io.chatrelay.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts the shared broker and Redis before a test class runs, so the first test does not pay for it. */
public final class RealServicesExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        RealServices.kafkaBootstrapServers();
        RealServices.redis();
    }
}
