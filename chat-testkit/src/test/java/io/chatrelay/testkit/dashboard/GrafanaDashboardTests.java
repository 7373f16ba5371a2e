package io.chatrelay.testkit.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrafanaDashboardTests {

    private static final String DASHBOARD = """
            {"panels": [
              {"type": "row", "title": "Ingest", "panels": [
                {"title": "Nested", "targets": [{"expr": "sum(rate(app_accepted_total{job=\\"a\\"}[5m]))"}]}
              ]},
              {"title": "Latency", "targets": [
                {"expr": "histogram_quantile(0.95, sum by (le) (rate(http_seconds_bucket{job=\\"a\\",uri=\\"/x\\"}[5m])))"},
                {"expr": "max(worker_inflight{job=\\"b\\"})"}
              ]},
              {"title": "Text", "type": "text"}
            ]}
            """;

    @Test
    void readsEverySelectorWithItsJobAndLabels(@TempDir Path dir) throws IOException {
        GrafanaDashboard dashboard = GrafanaDashboard.read(Files.writeString(dir.resolve("d.json"), DASHBOARD));

        assertThat(dashboard.expressions()).hasSize(3);
        assertThat(dashboard.selectors())
                .containsExactly(
                        new GrafanaDashboard.Selector("Nested", "app_accepted_total", Map.of("job", "a")),
                        new GrafanaDashboard.Selector(
                                "Latency", "http_seconds_bucket", Map.of("job", "a", "uri", "/x")),
                        new GrafanaDashboard.Selector("Latency", "worker_inflight", Map.of("job", "b")));
        assertThat(dashboard.selectorsOf("b"))
                .extracting(GrafanaDashboard.Selector::metric)
                .containsExactly("worker_inflight");
    }

    @Test
    void namesMetricsAndLabelsTheScrapeDoesNotServe(@TempDir Path dir) throws IOException {
        GrafanaDashboard dashboard = GrafanaDashboard.read(Files.writeString(dir.resolve("d.json"), DASHBOARD));
        String scrape = """
                # HELP app_accepted_total Accepted
                # TYPE app_accepted_total counter
                app_accepted_total 3.0
                # HELP http_seconds_bucket is only named in a comment here
                http_seconds_count{method="GET",uri="/x"} 1
                worker_inflight 0
                """;

        assertThat(dashboard.unservedBy(scrape, "a")).containsExactly("http_seconds_bucket (panel 'Latency')");
        assertThat(dashboard.unservedBy(scrape + "http_seconds_bucket{le=\"0.1\",method=\"GET\"} 1\n", "a"))
                .containsExactly("http_seconds_bucket without label uri (panel 'Latency')");
        assertThat(dashboard.unservedBy(scrape + "http_seconds_bucket{le=\"0.1\",uri=\"/x\"} 1\n", "a"))
                .isEmpty();
        assertThat(dashboard.unservedBy(scrape, "b")).isEmpty();
    }
}
