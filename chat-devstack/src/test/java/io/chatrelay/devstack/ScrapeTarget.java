package io.chatrelay.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * One target of a Prometheus scrape job: a static {@code host:port}, or a DNS name with the port the job adds.
 *
 * @param job the job's name
 * @param address where Prometheus scrapes
 * @param metricsPath the job's metrics path
 * @param discovered whether the address comes from DNS service discovery, which reaches every replica of a service
 */
record ScrapeTarget(String job, HostAndPort address, String metricsPath, boolean discovered) {

    /** The targets of a {@code prometheus.yml}. */
    @SuppressWarnings("unchecked")
    static List<ScrapeTarget> read(Path config) throws IOException {
        Map<String, Object> root = new Yaml().load(Files.readString(config));
        List<ScrapeTarget> targets = new ArrayList<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) root.getOrDefault("scrape_configs", List.of())) {
            String name = String.valueOf(job.get("job_name"));
            String path = String.valueOf(job.getOrDefault("metrics_path", "/metrics"));
            for (Map<String, Object> group :
                    (List<Map<String, Object>>) job.getOrDefault("static_configs", List.of())) {
                for (Object target : (List<Object>) group.getOrDefault("targets", List.of())) {
                    targets.add(new ScrapeTarget(name, HostAndPort.parse(target.toString()), path, false));
                }
            }
            for (Map<String, Object> dns : (List<Map<String, Object>>) job.getOrDefault("dns_sd_configs", List.of())) {
                int port = Integer.parseInt(String.valueOf(dns.get("port")));
                for (Object dnsName : (List<Object>) dns.getOrDefault("names", List.of())) {
                    // tasks.<service> is Swarm's name for every replica; plain compose answers the service name itself.
                    String host = dnsName.toString().replaceFirst("^tasks\\.", "");
                    targets.add(new ScrapeTarget(name, new HostAndPort(host, port), path, true));
                }
            }
        }
        return targets;
    }
}
