package io.chatrelay.common.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The keys each script or transaction touches together share a hash tag, so that they share a slot on a Redis Cluster
 * (which refuses a script across slots).
 */
class RedisKeysTests {

    private final RedisKeys keys = new RedisKeys("chatrelay:");

    @Test
    void aRequestsKeysShareTheRequestsTag() {
        assertThat(List.of(
                        keys.requestState("req_1"),
                        keys.eventHistory("req_1"),
                        keys.lease("req_1"),
                        keys.cancelFlag("req_1")))
                .allSatisfy(key -> assertThat(hashTag(key)).isEqualTo("req_1"));
    }

    @Test
    void aConversationsKeysShareTheConversationsTag() {
        assertThat(List.of(
                        keys.conversationThread("cnv_1"),
                        keys.conversationCompany("cnv_1"),
                        keys.conversationRequests("cnv_1")))
                .allSatisfy(key -> assertThat(hashTag(key)).isEqualTo("cnv_1"));
    }

    @Test
    void aCompanysKeysShareTheCompanysTag() {
        assertThat(List.of(
                        keys.companyProfile("acme"),
                        keys.companyApiKeys("acme"),
                        keys.rateLimit("acme"),
                        keys.idempotency("acme", "key-1")))
                .allSatisfy(key -> assertThat(hashTag(key)).isEqualTo("acme"));
    }

    @Test
    void theDeadLetterIndexSharesOneTag() {
        assertThat(List.of(
                        keys.deadLetter("req_1"),
                        keys.deadLettersByTime(),
                        keys.deadLettersOpen(),
                        keys.deadLetterAudit()))
                .allSatisfy(key -> assertThat(hashTag(key)).isEqualTo("dlt"));
    }

    @Test
    void refusesAPrefixWithABrace() {
        assertThatThrownBy(() -> new RedisKeys("app{1}:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("brace");
    }

    /** The part of a key Redis Cluster hashes, by its rule: the text between the first '{' and the next '}'. */
    private static String hashTag(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        return close > open + 1 ? key.substring(open + 1, close) : key;
    }
}
