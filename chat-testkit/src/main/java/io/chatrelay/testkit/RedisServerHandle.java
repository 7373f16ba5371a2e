package io.chatrelay.testkit;

/** A running Redis server and how it was obtained. */
public interface RedisServerHandle {

    /** Where the server came from. */
    enum Source {
        /** The URL in {@code CHATRELAY_TEST_REDIS_URL}; not started or stopped by the kit. */
        EXTERNAL,
        /** A {@code redis-server} found on {@code PATH}. */
        PATH,
        /** A Testcontainers {@code redis} container. */
        CONTAINER,
        /** The {@code redis-server} binary shipped inside {@code embedded-redis}. */
        EMBEDDED
    }

    Source source();

    /** A {@code redis://host:port} URI. */
    String uri();

    String host();

    int port();

    void stop();
}
