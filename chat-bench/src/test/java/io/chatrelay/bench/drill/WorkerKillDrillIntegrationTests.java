package io.chatrelay.bench.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.bench.stack.Logs;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The worker-kill drill, smaller: the same processes, steps and checks as {@code bin/chatrelay drill worker-kill},
 * at 10 chats a second for 30 s, so that it fits the test suite.
 */
class WorkerKillDrillIntegrationTests {

    @Test
    void losesAndDoublesNothingWhenAWorkerIsKilledMidLoad() throws Exception {
        Logs.harness();
        DrillRun run = new DrillRun(
                Drill.WORKER_KILL, 10, Duration.ofSeconds(30), Duration.ofMinutes(3), Path.of("target"), 1);

        Verdict verdict = run.run(System.out);

        assertThat(verdict.failures()).isEmpty();
    }
}
