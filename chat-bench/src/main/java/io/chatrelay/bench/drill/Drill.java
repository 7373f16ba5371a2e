package io.chatrelay.bench.drill;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The fault drills: each breaks one part of the system while chats arrive at a steady rate, then mends it. Times
 * scale with the length of the load, so a shorter run in the test suite follows the same path.
 */
public enum Drill {
    WORKER_KILL("worker-kill", "kill -9 one worker mid-load, start it again later", false) {
        @Override
        List<Step> steps(Duration load) {
            return List.of(
                    new Step(load.dividedBy(3), "kill -9 worker-2", stack -> stack.killWorker(2)),
                    new Step(load.multipliedBy(2).dividedBy(3), "start worker-2 again", stack -> stack.startWorker(2)));
        }
    },
    BROKER_RESTART("broker-restart", "stop the Kafka broker process, start it again 15 s later", false) {
        @Override
        List<Step> steps(Duration load) {
            return List.of(
                    new Step(load.dividedBy(3), "stop the Kafka broker", stack -> stack.stopBroker()),
                    new Step(
                            load.dividedBy(3).plus(OUTAGE.dividedBy(2)),
                            "start the Kafka broker again",
                            stack -> stack.startBroker()));
        }
    },
    BROKER_OUTAGE(
            "broker-outage",
            "stop the Kafka broker for 90 s, start it again; once every accepted request ended, a new chat's events"
                    + " must reach its SSE client live",
            false) {
        @Override
        List<Step> steps(Duration load) {
            Duration back = load.dividedBy(3).plus(LONG_OUTAGE);
            return List.of(
                    new Step(load.dividedBy(3), "stop the Kafka broker", stack -> stack.stopBroker()),
                    new Step(back, "start the Kafka broker again", stack -> stack.startBroker()));
        }

        /**
         * After the backlog, not during it: the requests the gateway kept while the broker was away reach the workers
         * all at once, and a chat posted then waits its turn behind them, for longer than a live relay needs.
         */
        @Override
        Optional<Step.Action> afterSettling() {
            return Optional.of(LiveProbe::newChatEndsLive);
        }
    },
    BROKER_KILL(
            "broker-kill",
            "kill -9 the one of three Kafka brokers that leads the most partitions of chat.requests, start it again"
                    + " later; no 503 after the leader election",
            false) {
        @Override
        List<Step> steps(Duration load) {
            int[] killed = new int[1];
            return List.of(
                    new Step(load.dividedBy(3), "kill -9 the broker leading chat.requests", stack -> {
                        killed[0] = stack.killRequestsLeader();
                    }),
                    new Step(
                            load.multipliedBy(2).dividedBy(3),
                            "start the killed broker again",
                            stack -> stack.startBroker(killed[0])));
        }

        @Override
        int brokers() {
            return 3;
        }

        /** Three broker JVMs beside the rest are more than two cores carry at 50 chats a second. */
        @Override
        double rate() {
            return 15;
        }

        @Override
        Optional<Duration> refusalsOnlyWithin() {
            return Optional.of(ELECTION);
        }
    },
    REDIS_RESTART("redis-restart", "stop redis-server, start it again 15 s later", false) {
        @Override
        List<Step> steps(Duration load) {
            return List.of(
                    new Step(load.dividedBy(3), "stop Redis", stack -> stack.stopRedis()),
                    new Step(
                            load.dividedBy(3).plus(OUTAGE.dividedBy(2)),
                            "start Redis again",
                            stack -> stack.startRedis()));
        }
    },
    REDIS_FAILOVER(
            "redis-failover",
            "on a Redis Cluster of three masters with a replica each, kill -9 a master (its replica takes over), start"
                    + " it again later; no 503 after the failover",
            false) {
        @Override
        List<Step> steps(Duration load) {
            int[] killed = new int[1];
            return List.of(
                    new Step(load.dividedBy(3), "kill -9 the Redis master of slot 0", stack -> {
                        killed[0] = stack.killRedisMaster();
                    }),
                    new Step(
                            load.multipliedBy(2).dividedBy(3),
                            "start the killed Redis node again",
                            stack -> stack.startRedis(killed[0])));
        }

        @Override
        boolean redisCluster() {
            return true;
        }

        @Override
        Optional<Duration> refusalsOnlyWithin() {
            return Optional.of(FAILOVER);
        }
    },
    UPSTREAM_OUTAGE("upstream-outage", "the simulator answers 503 to every call for 30 s", true) {
        @Override
        List<Step> steps(Duration load) {
            return List.of(
                    new Step(
                            load.dividedBy(4),
                            "upstream answers 503 to everything",
                            stack -> stack.simulator().faults("{\"outage\":true,\"server_error_status\":503}")),
                    new Step(
                            load.dividedBy(4).plus(OUTAGE),
                            "upstream answers again",
                            stack -> stack.simulator().faults("{\"outage\":false}")));
        }
    },
    RATE_LIMIT("rate-limit", "the simulator answers 429 with retry-after to 30 % of calls", false) {
        @Override
        List<Step> steps(Duration load) {
            return List.of(
                    new Step(
                            Duration.ZERO,
                            "upstream rate-limits 30 % of calls (retry-after 1 s)",
                            stack -> stack.simulator().faults("{\"rate_limit_rate\":0.3,\"retry_after_ms\":1000}")),
                    new Step(
                            load,
                            "upstream stops rate-limiting",
                            stack -> stack.simulator().faults("{\"rate_limit_rate\":0.0}")));
        }
    };

    /** How long an outage lasts (the broker and Redis are down for half of it). */
    static final Duration OUTAGE = Duration.ofSeconds(30);

    /**
     * How long after a broker's {@code kill -9} a chat may be refused: the controller declares the broker dead after
     * its 9 s session timeout and moves its leaderships, and the producers learn the new leaders at their next
     * metadata refresh.
     */
    static final Duration ELECTION = Duration.ofSeconds(15);

    /**
     * How long after a Redis master's {@code kill -9} a chat may be refused: the other nodes declare it failed after
     * the 2 s node timeout, its replica is elected, and the apps' clients learn the new topology on their next refresh.
     */
    static final Duration FAILOVER = Duration.ofSeconds(15);

    /** Longer than the clients' timeouts of a minute, so that the apps' calls to the broker fail, not only wait. */
    static final Duration LONG_OUTAGE = Duration.ofSeconds(90);

    private final String id;
    private final String description;
    private final boolean everyRequestCompletes;

    Drill(String id, String description, boolean everyRequestCompletes) {
        this.id = id;
        this.description = description;
        this.everyRequestCompletes = everyRequestCompletes;
    }

    /** What the drill does to the system, in order. */
    abstract List<Step> steps(Duration load);

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** Chats posted per second when the command gives no {@code --rate}. */
    double rate() {
        return 50;
    }

    /** Whether the drill runs on a Redis Cluster rather than one {@code redis-server}. */
    boolean redisCluster() {
        return false;
    }

    /** The fewest Kafka brokers the drill runs on. */
    int brokers() {
        return 1;
    }

    /**
     * When present, a clear 503 passes only if the chat was posted within this long after the drill's first step
     * (the fault); when empty, a clear 503 passes whenever it came.
     */
    Optional<Duration> refusalsOnlyWithin() {
        return Optional.empty();
    }

    /** A check run once every accepted request ended (or the wait for them gave up), before the audit. */
    Optional<Step.Action> afterSettling() {
        return Optional.empty();
    }

    /** Whether every accepted request must end {@code completed}, beyond ending exactly once. */
    boolean everyRequestCompletes() {
        return everyRequestCompletes;
    }

    public static Optional<Drill> byId(String id) {
        return Arrays.stream(values()).filter(drill -> drill.id.equals(id)).findFirst();
    }
}
