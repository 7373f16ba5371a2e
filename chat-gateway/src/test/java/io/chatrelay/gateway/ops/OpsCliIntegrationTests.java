package io.chatrelay.gateway.ops;

import static io.chatrelay.gateway.ops.DeadLetterFixtures.aRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.gateway.ops.DeadLetterFixtures.Failure;
import io.chatrelay.gateway.ops.cli.OpsCli;
import io.chatrelay.gateway.support.TenantIntegrationTest;
import io.chatrelay.testkit.FreePorts;
import io.chatrelay.testkit.TestNames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code bin/chatrelay ops} against a running gateway. */
class OpsCliIntegrationTests extends TenantIntegrationTest {

    /**
     * What one run of the command printed.
     *
     * @param exit the exit code
     * @param out standard output
     * @param err standard error
     */
    record Run(int exit, String out, String err) {}

    private DeadLetterFixtures dlt;
    private String company;

    @BeforeEach
    void setUp() {
        dlt = new DeadLetterFixtures(topics());
        company = TestNames.unique().id().toLowerCase();
    }

    @AfterEach
    void tearDown() {
        dlt.close();
    }

    @Test
    void listsShowsReplaysAndDiscardsWithTablesOrJson() {
        ChatRequest replayed = aRequest(company, "c-" + company, "Please replay me");
        ChatRequest dropped = aRequest(company, "c2-" + company, "Drop me");
        dlt.deadLetter(replayed, Failure.rejected(Instant.now().minusSeconds(60)));
        dlt.deadLetter(dropped, Failure.quota(Instant.now().minusSeconds(30)));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                ops("dlt", "list", "--company", company).out())
                        .contains(replayed.requestId())
                        .contains(dropped.requestId()));

        Run list = ops("dlt", "list", "--company", company, "--category", "quota_exceeded");
        assertThat(list.exit()).isZero();
        assertThat(list.out())
                .startsWith("REQUEST ID")
                .contains(dropped.requestId() + "  " + company + "  quota_exceeded  429 insufficient_quota")
                .doesNotContain(replayed.requestId())
                .contains("1 shown");
        assertThat(ops("--json", "dlt", "list", "--company", company).out())
                .contains("\"items\"")
                .contains("\"requestId\" : \"" + replayed.requestId() + "\"");
        assertThat(ops("dlt", "show", replayed.requestId()).out())
                .contains("Please replay me")
                .contains("chatrelay-failure-category")
                .contains("upstream_rejected");

        Run dryRun = ops("dlt", "replay", "--company", company, "--category", "upstream_rejected", "--dry-run");
        assertThat(dryRun.out()).contains(replayed.requestId()).contains("dry run: 1 would be replayed");
        assertThat(dlt.requestsOf("c-" + company)).isEmpty();

        Run replay = ops("--operator", "bob", "dlt", "replay", replayed.requestId(), "--rate", "10");
        assertThat(replay.exit()).isZero();
        assertThat(replay.out()).contains("published 1, failed 0, skipped 0");
        assertThat(dlt.requestsOf("c-" + company)).hasSize(1);

        assertThat(ops("dlt", "discard", dropped.requestId()).exit()).isEqualTo(2);
        Run discard = ops("dlt", "discard", dropped.requestId(), "--reason", "customer left");
        assertThat(discard.exit()).isZero();
        assertThat(discard.out()).contains("discarded " + dropped.requestId());
        assertThat(ops("dlt", "list", "--company", company).out()).contains("0 shown");

        Run audit = ops("audit", "--limit", "5");
        assertThat(audit.out())
                .contains("bob")
                .contains("replay")
                .contains("discard")
                .contains("customer left");
    }

    @Test
    void failsWithAClearMessageAndANonZeroExit() {
        Run unknown = ops("dlt", "show", "req-nope-" + company);
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("404 unknown_dead_letter");

        Run badFilter = ops("dlt", "list", "--category", "nope");
        assertThat(badFilter.exit()).isEqualTo(1);
        assertThat(badFilter.err()).contains("400 invalid_filter").contains("(category)");

        Run wrongToken = run(Map.of("CHATRELAY_URL", baseUrl(), "CHATRELAY_ADMIN_TOKEN", "wrong-token"), "audit");
        assertThat(wrongToken.exit()).isEqualTo(1);
        assertThat(wrongToken.err()).contains("401 invalid_admin_token");

        Run noToken = run(Map.of("CHATRELAY_URL", baseUrl()), "audit");
        assertThat(noToken.exit()).isEqualTo(2);
        assertThat(noToken.err()).contains("no admin token");

        Run unreachable = run(
                Map.of("CHATRELAY_ADMIN_TOKEN", ADMIN_TOKEN), "--url", "http://localhost:" + FreePorts.next(), "audit");
        assertThat(unreachable.exit()).isEqualTo(3);
        assertThat(unreachable.err()).contains("cannot reach the gateway");

        assertThat(ops("dlt", "frobnicate").exit()).isEqualTo(2);
        assertThat(ops("dlt", "list", "--colour", "red").err()).contains("unknown option --colour");
    }

    private Run ops(String... args) {
        return run(Map.of("CHATRELAY_URL", baseUrl(), "CHATRELAY_ADMIN_TOKEN", ADMIN_TOKEN), args);
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OpsCli.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
