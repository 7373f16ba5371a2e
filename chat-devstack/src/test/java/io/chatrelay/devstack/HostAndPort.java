package io.chatrelay.devstack;

/** A network address as a setting names it: {@code kafka:9092}. */
record HostAndPort(String host, int port) {

    static HostAndPort parse(String address) {
        int colon = address.lastIndexOf(':');
        return new HostAndPort(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }

    /** Whether it names the container it is used in. */
    boolean loopback() {
        return host.equals("localhost") || host.equals("127.0.0.1");
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
