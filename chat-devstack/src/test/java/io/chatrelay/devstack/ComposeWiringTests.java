package io.chatrelay.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chatrelay.devstack.ComposeFile.Build;
import io.chatrelay.devstack.ComposeFile.Service;
import io.chatrelay.devstack.ComposeStack.App;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * The root {@code docker-compose.yml} checked against the apps it runs, without a Docker engine: service names and
 * ports, the environment variables each app really reads (by Spring Boot's binding rules, against the configuration
 * metadata of the apps and of Spring Boot), the addresses in their settings, start order, the Dockerfile and the
 * files mounted from {@code ops/}. Values are those {@code docker compose up} uses with nothing set in the
 * environment.
 */
class ComposeWiringTests {

    private static final ComposeStack STACK = ComposeStack.ofThisRepository();
    private static final ComposeFile COMPOSE = STACK.compose();
    private static final Path ROOT = STACK.root();
    private static final PropertyCatalog CATALOG = PropertyCatalog.fromClassPath();

    private static final String GATEWAY = "gateway";
    private static final String WORKER = "worker";
    private static final String SIM = "sim";
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.-]+:\\d+");
    private static final Pattern URL = Pattern.compile("[a-z][a-z0-9+.-]*://\\S+");
    // AuthProperties refuses shorter ones: the gateway would not start.
    private static final int MIN_ADMIN_TOKEN = 16;
    private static final int MIN_STREAM_TOKEN_SECRET = 32;

    @Test
    void definesTheStackUnderItsDocumentedServiceNames() {
        assertThat(COMPOSE.serviceNames())
                .containsExactlyInAnyOrder("kafka", "redis", SIM, GATEWAY, WORKER, "prometheus", "grafana");
        assertThat(STACK.apps())
                .extracting(app -> app.service().name())
                .containsExactlyInAnyOrder(SIM, GATEWAY, WORKER);
    }

    @Test
    void publishesPortsOnTheHostsLoopbackOnly() {
        for (String service : COMPOSE.serviceNames()) {
            assertThat(COMPOSE.service(service).ports())
                    .as(
                            "%s's published ports: other machines reach them only through a proxy chosen on purpose",
                            service)
                    .allMatch(port -> port.startsWith("127.0.0.1:"));
        }
    }

    @Test
    void keepsRedisWritesInAnAppendOnlyFile() {
        assertThat(String.join(" ", COMPOSE.service("redis").command())).contains("--appendonly yes");
    }

    @Test
    void startsWithNothingSetInTheEnvironment() {
        assertThat(COMPOSE.variablesWithoutDefault())
                .as("every ${VAR} needs a default (${VAR:-default}) so that a bare `docker compose up` works")
                .isEmpty();
    }

    @Test
    void theCatalogKnowsTheAppsSettingsAndRefusesMisspelledOrForeignOnes() {
        String worker = "io.chatrelay.worker";
        String gateway = "io.chatrelay.gateway";
        assertThat(CATALOG.describes("chatrelay.gateway.auth")).isTrue();
        assertThat(CATALOG.describes("chatrelay.worker.openai")).isTrue();
        assertThat(CATALOG.describes("spring.kafka")).isTrue();

        assertThat(CATALOG.boundBy("CHATRELAY_WORKER_OPENAI_BASE_URL", "http://sim:8090/v1", worker))
                .contains(ConfigurationPropertyName.of("chatrelay.worker.openai.base-url"));
        assertThat(CATALOG.boundBy("SPRING_KAFKA_PRODUCER_PROPERTIES_LINGER_MS", "1", gateway))
                .contains(ConfigurationPropertyName.of("spring.kafka.producer.properties"));
        assertThat(CATALOG.boundBy("CHATRELAY_WORKER_OPENAI_BASE_ULR", "http://sim:8090/v1", worker))
                .isEmpty();
        assertThat(CATALOG.boundBy("CHATRELAY_WORKER_OPENAI_BASE_URL", "http://sim:8090/v1", gateway))
                .isEmpty();
    }

    @Test
    void everyVariableOfAnAppSetsAPropertyThatAppReads() {
        SoftAssertions softly = new SoftAssertions();
        for (App app : STACK.apps()) {
            Map<String, String> environment = app.service().environment();
            if (!app.spring()) {
                softly.assertThat(environment)
                        .as(
                                "%s runs %s, which reads no environment: set it on its command line",
                                app.name(), app.main())
                        .isEmpty();
                continue;
            }
            environment.forEach(
                    (variable, value) -> softly.assertThat(CATALOG.boundBy(variable, value, app.appPackage()))
                            .as("%s: %s sets no property that %s reads", app.name(), variable, app.main())
                            .isNotEmpty());
        }
        softly.assertAll();
    }

    @Test
    void theSimulatorIsStartedWithOptionsItAcceptsOnAllInterfaces() {
        App sim = STACK.app(SIM);
        Map<String, String> options = ComposeStack.options(sim.service().command());
        assertThat(sim.spring()).isFalse();
        assertThat(sim.acceptedOptions()).as("options of %s.main", sim.main()).containsAll(options.keySet());
        assertThat(options)
                .as("in a container the simulator must listen beyond loopback, on a port the others know")
                .containsEntry("--host", "0.0.0.0")
                .containsKey("--port");
    }

    @Test
    void gatewayAndWorkersGetWhatTheDevStackGivesThem() {
        Map<String, String> gateway = STACK.app(GATEWAY).service().environment();
        Map<String, String> worker = STACK.app(WORKER).service().environment();
        for (Map<String, String> environment : List.of(gateway, worker)) {
            assertThat(PropertyCatalog.valueOf(environment, "spring.kafka.bootstrap-servers"))
                    .isPresent();
            assertThat(PropertyCatalog.valueOf(environment, "spring.data.redis.url"))
                    .isPresent();
            assertThat(PropertyCatalog.valueOf(environment, "server.port")).isPresent();
        }
        assertThat(PropertyCatalog.valueOf(gateway, "chatrelay.gateway.auth.enabled"))
                .contains("true");
        assertThat(PropertyCatalog.valueOf(gateway, "chatrelay.gateway.auth.admin-token"))
                .hasValueSatisfying(token -> assertThat(token).hasSizeGreaterThanOrEqualTo(MIN_ADMIN_TOKEN));
        assertThat(PropertyCatalog.valueOf(gateway, "chatrelay.gateway.auth.stream-token-secret"))
                .hasValueSatisfying(secret -> assertThat(secret).hasSizeGreaterThanOrEqualTo(MIN_STREAM_TOKEN_SECRET));
        assertThat(PropertyCatalog.valueOf(worker, "chatrelay.worker.openai.base-url"))
                .isPresent();
        assertThat(PropertyCatalog.valueOf(worker, "chatrelay.worker.openai.api-key"))
                .hasValueSatisfying(key -> assertThat(key).isNotBlank());
    }

    @Test
    void addressesInAppSettingsNameServicesOnPortsTheyListenOn() {
        SoftAssertions softly = new SoftAssertions();
        for (App app : STACK.apps()) {
            List<String> values = new ArrayList<>(app.service().environment().values());
            values.addAll(app.service().command());
            for (String value : values) {
                for (HostAndPort address : addresses(value)) {
                    softly.assertThat(COMPOSE.serviceNames())
                            .as("%s: %s names no service", app.name(), address)
                            .contains(address.host());
                    if (COMPOSE.serviceNames().contains(address.host())) {
                        softly.assertThat(STACK.listeningPorts(COMPOSE.service(address.host())))
                                .as("%s: ports %s listens on, for %s", address.host(), address.host(), address)
                                .contains(address.port());
                    }
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void eachAppIsPublishedAndHealthCheckedOnItsOwnPort() {
        SoftAssertions softly = new SoftAssertions();
        for (App app : STACK.apps()) {
            int port = app.port();
            softly.assertThat(app.service().publishedContainerPorts())
                    .as("%s's published container ports", app.name())
                    .allMatch(published -> published == port);
            List<URI> probes = app.service().healthcheck().stream()
                    .filter(word -> URL.matcher(word).matches())
                    .map(URI::create)
                    .toList();
            softly.assertThat(probes).as("%s's healthcheck URL", app.name()).hasSize(1);
            for (URI probe : probes) {
                softly.assertThat(probe.getHost()).isIn("127.0.0.1", "localhost");
                softly.assertThat(probe.getPort())
                        .as("%s's healthcheck port", app.name())
                        .isEqualTo(port);
                if (app.spring()) {
                    softly.assertThat(probe.getPath()).isEqualTo("/actuator/health");
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void twoWorkerReplicasShareNoHostPortAndNoName() {
        Service worker = COMPOSE.service(WORKER);
        assertThat(worker.replicas()).isEqualTo(2);
        assertThat(worker.publishesPorts())
                .as("replicas cannot share one host port")
                .isFalse();
        assertThat(worker.definition()).doesNotContainKey("container_name");
    }

    @Test
    void servicesWaitForWhatTheyNeedToBeHealthy() {
        SoftAssertions softly = new SoftAssertions();
        for (Service service : COMPOSE.services()) {
            service.dependsOn().forEach((target, condition) -> {
                softly.assertThat(COMPOSE.serviceNames())
                        .as("%s depends on %s", service.name(), target)
                        .contains(target);
                if (condition.equals("service_healthy")
                        && COMPOSE.serviceNames().contains(target)) {
                    softly.assertThat(COMPOSE.service(target).healthcheck())
                            .as("%s waits for %s to be healthy, which needs a healthcheck", service.name(), target)
                            .isNotEmpty();
                }
            });
        }
        for (String app : List.of(GATEWAY, WORKER)) {
            softly.assertThat(COMPOSE.service(app).dependsOn())
                    .as("%s needs Kafka and Redis", app)
                    .containsEntry("kafka", "service_healthy")
                    .containsEntry("redis", "service_healthy");
        }
        // The gateway creates the topics (the broker creates none by itself): workers start after it.
        softly.assertThat(COMPOSE.service(WORKER).dependsOn()).containsEntry(GATEWAY, "service_healthy");
        softly.assertThat(COMPOSE.service("kafka").environment())
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        softly.assertAll();
    }

    @Test
    void eachBuiltServiceUsesAMultiStageNonRootJreImage() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        Set<String> modules = STACK.modules();
        for (App app : STACK.apps()) {
            Build build = app.service().build().orElseThrow();
            Path dockerfile =
                    ROOT.resolve(build.context()).resolve(build.dockerfile()).normalize();
            softly.assertThat(dockerfile).as("%s's Dockerfile", app.name()).exists();
            if (!Files.exists(dockerfile)) {
                continue;
            }
            DockerfileStages recipe = DockerfileStages.read(dockerfile, build.args());
            softly.assertThat(recipe.stages()).as("stages of %s", dockerfile).hasSizeGreaterThanOrEqualTo(2);
            softly.assertThat(recipe.runtime().image())
                    .as("%s's runtime image", app.name())
                    .contains("jre")
                    .contains("25");
            softly.assertThat(recipe.runtime().user())
                    .as("%s's runtime stage ends with a non-root USER", app.name())
                    .hasValueSatisfying(user -> assertThat(user.split(":")[0]).isNotIn("root", "0"));
            softly.assertThat(recipe.declaredArgs())
                    .as("build args of %s the Dockerfile declares", app.name())
                    .containsAll(build.args().keySet());
            softly.assertThat(modules).as("modules of the build").contains(app.module());
        }
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
        softly.assertThat(ignored)
                .as(".dockerignore keeps build output, history and local secrets out of the build context")
                .contains("**/target", ".git", ".env");
        softly.assertAll();
    }

    @Test
    void mountsPrometheusAndGrafanaConfigurationFromOps() {
        assertThat(COMPOSE.service("prometheus").volumes())
                .anyMatch(
                        volume -> volume.startsWith("./ops/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml"));
        assertThat(COMPOSE.service("grafana").volumes())
                .anyMatch(volume -> volume.startsWith("./ops/grafana/provisioning:/etc/grafana/provisioning"))
                .anyMatch(volume -> volume.startsWith("./ops/grafana/dashboards:/var/lib/grafana/dashboards"));
    }

    @Test
    void filesMountedFromOpsExist() {
        assumeTrue(
                Files.isDirectory(ROOT.resolve("ops")),
                "ops/ (Prometheus configuration, Grafana provisioning and dashboards) is not in this checkout yet: "
                        + "the files compose mounts from it are checked once it is");
        SoftAssertions softly = new SoftAssertions();
        for (Service service : COMPOSE.services()) {
            for (String volume : service.volumes()) {
                String source = volume.split(":")[0];
                if (source.startsWith("./")) {
                    softly.assertThat(ROOT.resolve(source).normalize())
                            .as("%s mounts %s", service.name(), source)
                            .exists();
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void prometheusScrapesEveryReplicaOfEveryAppOnItsServerPort() throws IOException {
        Path config = ROOT.resolve("ops/prometheus/prometheus.yml");
        assumeTrue(
                Files.exists(config),
                "ops/prometheus/prometheus.yml is not in this checkout yet: its scrape targets are checked once it is");
        List<ScrapeTarget> targets = ScrapeTarget.read(config);
        SoftAssertions softly = new SoftAssertions();
        for (ScrapeTarget target : targets) {
            // localhost is Prometheus itself.
            String host = target.address().loopback()
                    ? "prometheus"
                    : target.address().host();
            softly.assertThat(COMPOSE.serviceNames())
                    .as("Prometheus job %s scrapes %s", target.job(), target.address())
                    .contains(host);
            if (COMPOSE.serviceNames().contains(host)) {
                Service service = COMPOSE.service(host);
                softly.assertThat(service.build().isEmpty() || STACK.app(host).spring())
                        .as("job %s scrapes %s, whose app serves no metrics", target.job(), host)
                        .isTrue();
            }
        }
        for (App app : STACK.apps()) {
            if (!app.spring()) {
                continue;
            }
            List<ScrapeTarget> scraped = targets.stream()
                    .filter(target -> target.address().host().equals(app.name()))
                    .toList();
            softly.assertThat(scraped).as("Prometheus scrapes %s", app.name()).isNotEmpty();
            for (ScrapeTarget target : scraped) {
                softly.assertThat(target.address().port())
                        .as("job %s's port for %s", target.job(), app.name())
                        .isEqualTo(app.port());
                softly.assertThat(target.metricsPath())
                        .as("job %s's metrics path for %s", target.job(), app.name())
                        .isEqualTo("/actuator/prometheus");
            }
            if (app.service().replicas() > 1) {
                softly.assertThat(scraped)
                        .as("a static target reaches one replica of %s at a time: discover them by DNS", app.name())
                        .anyMatch(ScrapeTarget::discovered);
            }
        }
        softly.assertAll();
    }

    /** Addresses in a setting: URLs ({@code redis://redis:6379}) and {@code host:port} lists ({@code kafka:9092}). */
    private static List<HostAndPort> addresses(String value) {
        List<HostAndPort> addresses = new ArrayList<>();
        for (String token : value.split("[,\\s]+")) {
            if (URL.matcher(token).matches()) {
                URI uri = URI.create(token);
                int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri.getScheme());
                addresses.add(new HostAndPort(uri.getHost(), port));
            } else if (ADDRESS.matcher(token).matches()) {
                addresses.add(HostAndPort.parse(token));
            }
        }
        return addresses;
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "https" -> 443;
            case "redis" -> 6379;
            default -> 80;
        };
    }
}
