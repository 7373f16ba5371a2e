package io.chatrelay.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KnownKeysTests {

    private final AtomicLong now = new AtomicLong();
    private final KnownKeys known = new KnownKeys(Duration.ofSeconds(1), now::get);

    @Test
    void remembersAKeysCompanyUntilItsTtlPassed() {
        known.remember("hash-1", "acme");

        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(known.companyOf("hash-1")).isEqualTo("acme");
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(known.companyOf("hash-1")).isNull();
        assertThat(known.companyOf("hash-unknown")).isNull();
    }

    @Test
    void forgetsARevokedKeyAndEveryKeyOfADeletedCompanyAtOnce() {
        known.remember("hash-1", "acme");
        known.remember("hash-2", "acme");
        known.remember("hash-3", "initech");

        known.forget("hash-1");
        assertThat(known.companyOf("hash-1")).isNull();
        assertThat(known.companyOf("hash-2")).isEqualTo("acme");

        known.forgetCompany("acme");
        assertThat(known.companyOf("hash-2")).isNull();
        assertThat(known.companyOf("hash-3")).isEqualTo("initech");
    }

    @Test
    void remembersNothingWithoutATtl() {
        KnownKeys none = new KnownKeys(Duration.ZERO, now::get);

        none.remember("hash-1", "acme");

        assertThat(none.companyOf("hash-1")).isNull();
    }

    @Test
    void makesRoomByDroppingExpiredEntriesAndRemembersNoMoreWhileFull() {
        for (int i = 0; i < KnownKeys.MAX_ENTRIES; i++) {
            known.remember("old-" + i, "acme");
        }
        known.remember("while-full", "acme");
        assertThat(known.companyOf("while-full")).isNull();

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        known.remember("after-expiry", "acme");
        assertThat(known.companyOf("after-expiry")).isEqualTo("acme");
    }
}
