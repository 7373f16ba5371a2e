package io.chatrelay.sim;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A fast simulator per test class, reset before each test, and a fresh transcript of its calls. */
abstract class WireTestSupport {

    static OpenAiSimulator simulator;
    WireTranscript wire;

    @BeforeAll
    static void start() {
        simulator = SimFixtures.aFastSimulator();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void freshSimulator() {
        simulator.reset();
        wire = new WireTranscript(simulator);
    }

    @AfterEach
    void fastAgain() {
        simulator.settings(SimFixtures.fastSettings());
    }
}
