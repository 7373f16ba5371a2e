package io.chatrelay.testkit.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The series selectors of a Grafana dashboard's Prometheus queries, and which of them a real scrape does not serve.
 * Every selector is expected in the form {@code metric{job="...", ...}}: the {@code job} label tells which app a query
 * is about, so each app's test checks only its own metrics.
 */
public final class GrafanaDashboard {

    /**
     * One series selector of a panel's query.
     *
     * @param panel the panel's title
     * @param metric the metric name, as Prometheus exposes it
     * @param labels the label matchers' names and values, as written
     */
    public record Selector(String panel, String metric, Map<String, String> labels) {

        /** The value of the {@code job} matcher; null when the selector has none. */
        public String job() {
            return labels.get("job");
        }
    }

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    private static final Pattern MATCHER =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!=|!~|=)\\s*\"([^\"]*)\"");
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    private final List<Selector> selectors;
    private final List<String> expressions;

    private GrafanaDashboard(List<Selector> selectors, List<String> expressions) {
        this.selectors = List.copyOf(selectors);
        this.expressions = List.copyOf(expressions);
    }

    /** Reads a dashboard file (the JSON Grafana exports), panels nested in rows included. */
    public static GrafanaDashboard read(Path file) {
        try {
            JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
            List<Selector> selectors = new ArrayList<>();
            List<String> expressions = new ArrayList<>();
            collect(root.path("panels"), selectors, expressions);
            return new GrafanaDashboard(selectors, expressions);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dashboard " + file.toAbsolutePath(), e);
        }
    }

    private static void collect(JsonNode panels, List<Selector> selectors, List<String> expressions) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString("");
                if (expr.isBlank()) {
                    continue;
                }
                expressions.add(expr);
                Matcher selector = SELECTOR.matcher(expr);
                while (selector.find()) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    Matcher matcher = MATCHER.matcher(selector.group(2));
                    while (matcher.find()) {
                        labels.put(matcher.group(1), matcher.group(2));
                    }
                    selectors.add(new Selector(panel.path("title").asString(""), selector.group(1), labels));
                }
            }
            collect(panel.path("panels"), selectors, expressions);
        }
    }

    /** Every selector of every query. */
    public List<Selector> selectors() {
        return selectors;
    }

    /** Every query expression. */
    public List<String> expressions() {
        return expressions;
    }

    /** The selectors whose {@code job} matcher names this job. */
    public List<Selector> selectorsOf(String job) {
        return selectors.stream().filter(s -> job.equals(s.job())).toList();
    }

    /**
     * What of the job's selectors a Prometheus text scrape does not serve: a metric without a sample, or a label a
     * matcher names that none of the metric's samples carries ({@code job} and {@code instance} are the scraper's).
     * Empty when the scrape serves every selector.
     */
    public List<String> unservedBy(String scrape, String job) {
        Set<String> unserved = new LinkedHashSet<>();
        for (Selector selector : selectorsOf(job)) {
            List<String> samples = scrape.lines()
                    .filter(line ->
                            line.startsWith(selector.metric() + "{") || line.startsWith(selector.metric() + " "))
                    .toList();
            if (samples.isEmpty()) {
                unserved.add(selector.metric() + " (panel '" + selector.panel() + "')");
                continue;
            }
            for (String label : selector.labels().keySet()) {
                if (!TARGET_LABELS.contains(label)
                        && samples.stream()
                                .noneMatch(line ->
                                        line.contains("{" + label + "=\"") || line.contains("," + label + "=\""))) {
                    unserved.add(selector.metric() + " without label " + label + " (panel '" + selector.panel() + "')");
                }
            }
        }
        return List.copyOf(unserved);
    }
}
