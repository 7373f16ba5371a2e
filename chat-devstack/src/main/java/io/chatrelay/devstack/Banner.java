package io.chatrelay.devstack;

/** What {@code bin/chatrelay up} prints once everything runs: where to go, and the credentials to use. */
final class Banner {

    private Banner() {}

    static String of(DevStack stack) {
        DevStackSettings settings = stack.settings();
        String gateway = stack.gatewayUrl();
        String upstream = stack.simulator()
                .map(simulator -> "simulator at " + simulator.baseUrl())
                .orElseGet(settings::upstreamBaseUrl);
        String redis = settings.redisUrl() == null ? "started here" : "REDIS_URL";
        // The key travels in the fragment, which the browser keeps to itself: it reaches no server log.
        return """

                Chat Relay is up.
                  Demo page       %s/#company=%s&key=%s
                  API docs        %s/swagger-ui.html
                  Ops page        %s/ops  (admin token below)
                  Metrics         %s/actuator/prometheus, %s
                  Upstream        %s
                  Kafka           %s
                  Redis           %s
                  Admin token     %s
                  Demo company    %s, API key %s

                Try it:
                  curl -s -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\
                       -d '{"companySlug":"%s","message":"Hello"}' -H 'Prefer: wait=10' %s/v1/chats

                Ctrl-C stops everything.
                """.formatted(
                        gateway,
                        DevStack.DEMO_COMPANY,
                        settings.demoKey(),
                        gateway,
                        gateway,
                        gateway,
                        String.join(
                                ", ",
                                stack.workerUrls().stream()
                                        .map(url -> url + "/actuator/prometheus")
                                        .toList()),
                        upstream,
                        stack.kafkaBootstrapServers(),
                        redis,
                        settings.adminToken(),
                        DevStack.DEMO_COMPANY,
                        settings.demoKey(),
                        settings.demoKey(),
                        DevStack.DEMO_COMPANY,
                        gateway);
    }
}
