package io.chatrelay.sim.http;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Object ids with OpenAI's prefixes ({@code resp_}, {@code conv_}, {@code msg_}, {@code thread_}, …). */
public final class Ids {

    private static final AtomicLong COUNTER = new AtomicLong();

    private Ids() {}

    public static String next(String prefix) {
        byte[] random = new byte[8];
        ThreadLocalRandom.current().nextBytes(random);
        return prefix + "_" + HexFormat.of().formatHex(random) + Long.toHexString(COUNTER.incrementAndGet());
    }

    public static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
