package io.chatrelay.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.gateway.support.TenantIntegrationTest;
import io.chatrelay.testkit.RealRedisClient;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.TestNames;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@Tag(RealServices.REDIS_HEAVY)
class AdminIntegrationTests extends TenantIntegrationTest {

    private static final String RESPONSES_PROFILE =
            "{\"engine\":\"responses\",\"model\":\"gpt-4.1-mini\",\"instructions\":\"Be brief.\","
                    + "\"options\":{\"max_output_tokens\":200}}";

    private String company;

    @BeforeEach
    void company() {
        company = TestNames.unique().id().toLowerCase();
    }

    @Test
    void answers401WithoutOrWithAWrongAdminTokenAndChangesNothing() {
        String wrong = "wrong-token-" + company;

        unauthenticated()
                .get()
                .uri("/admin/companies/{slug}", company)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("missing_credentials");
        String body = unauthenticated()
                .put()
                .uri("/admin/companies/{slug}", company)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + wrong)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(RESPONSES_PROFILE)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        unauthenticated()
                .post()
                .uri("/admin/companies/{slug}/keys", company)
                .header(HttpHeaders.AUTHORIZATION, "Basic " + ADMIN_TOKEN)
                .exchange()
                .expectStatus()
                .isUnauthorized();

        assertThat(body).contains("invalid_admin_token").doesNotContain(wrong).doesNotContain(ADMIN_TOKEN);
        assertThat(worker.redis().exists(keys().companyProfile(company))).isZero();
        assertThat(worker.redis().exists(keys().companyApiKeys(company))).isZero();
    }

    @Test
    void putsGetsAndDeletesAProfile() {
        put(RESPONSES_PROFILE)
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.companySlug")
                .isEqualTo(company)
                .jsonPath("$.profile.model")
                .isEqualTo("gpt-4.1-mini");
        assertThat(worker.redis().get(keys().companyProfile(company)))
                .contains("\"engine\":\"responses\"")
                .contains("\"max_output_tokens\":200");

        admin().get()
                .uri("/admin/companies/{slug}", company)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.profile.engine")
                .isEqualTo("responses")
                .jsonPath("$.profile.instructions")
                .isEqualTo("Be brief.")
                .jsonPath("$.profile.options.max_output_tokens")
                .isEqualTo(200)
                .jsonPath("$.keyIds.length()")
                .isEqualTo(0)
                .jsonPath("$.notices")
                .isEmpty();

        put("{\"engine\":\"assistants\",\"assistantId\":\"asst_42\"}")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.profile.assistantId")
                .isEqualTo("asst_42")
                .jsonPath("$.notices[0]")
                .value(notice ->
                        assertThat(notice.toString()).contains("2026-08-26").contains("compatible servers only"));
        // The earlier snake_case names are taken too, for one release; the answer is camelCase.
        put("{\"engine\":\"responses\",\"prompt_id\":\"pmpt_7\"}")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.profile.promptId")
                .isEqualTo("pmpt_7")
                .jsonPath("$.notices[0]")
                .value(notice -> assertThat(notice.toString()).contains("2026-11-30"));

        admin().delete()
                .uri("/admin/companies/{slug}", company)
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(worker.redis().exists(keys().companyProfile(company))).isZero();
        admin().get()
                .uri("/admin/companies/{slug}", company)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("unknown_company");
        admin().delete()
                .uri("/admin/companies/{slug}", company)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void announcesEveryChangeAndDeleteOfAProfileOnTheProfileChannel() {
        try (RealRedisClient client = RealRedisClient.open();
                StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub()) {
            List<String> announced = new CopyOnWriteArrayList<>();
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    announced.add(message);
                }
            });
            subscriber.sync().subscribe(keys().profileChannel());

            put(RESPONSES_PROFILE).expectStatus().isCreated();
            put("{\"engine\":\"assistants\",\"assistant_id\":\"asst_42\"}")
                    .expectStatus()
                    .isOk();
            admin().delete()
                    .uri("/admin/companies/{slug}", company)
                    .exchange()
                    .expectStatus()
                    .isNoContent();

            // Other tests of this class change their own companies on the same channel meanwhile.
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(
                                    announced.stream().filter(company::equals).count())
                            .isEqualTo(3));
        }
    }

    @Test
    void showsAProfileStoredAsABareAssistantId() {
        worker.redis().set(keys().companyProfile(company), "asst_legacy");

        admin().get()
                .uri("/admin/companies/{slug}", company)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.profile.engine")
                .isEqualTo("assistants")
                .jsonPath("$.profile.assistantId")
                .isEqualTo("asst_legacy");
    }

    @Test
    void rejectsAnInvalidProfileNamingTheFieldAndStoresNothing() {
        expectBadRequest(put("{\"model\":\"gpt-4.1-mini\"}"), "missing_field", "engine");
        expectBadRequest(put("{\"engine\":\"chat\",\"model\":\"gpt-4.1-mini\"}"), "invalid_field", "engine");
        expectBadRequest(put("{\"engine\":\"assistants\"}"), "missing_field", "assistantId");
        expectBadRequest(put("{\"engine\":\"responses\",\"instructions\":\"hi\"}"), "missing_field", "model");
        expectBadRequest(put("{\"engine\":\"assistants\",\"assistant\":\"asst_1\"}"), "unknown_field", "assistant");
        expectBadRequest(
                put("{\"engine\":\"assistants\",\"assistantId\":\"a\",\"assistant_id\":\"b\"}"),
                "invalid_field",
                "assistantId");
        expectBadRequest(put("{\"engine\":\"responses\",\"model\":7}"), "invalid_field", "model");
        expectBadRequest(put("{\"engine\":\"responses\",\"model\":\"m\",\"options\":[1]}"), "invalid_field", "options");
        put("{\"engine\":")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("malformed_json");
        admin().put()
                .uri("/admin/companies/{slug}", "Not A Slug")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(RESPONSES_PROFILE)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.field")
                .isEqualTo("companySlug");

        assertThat(worker.redis().exists(keys().companyProfile(company))).isZero();
    }

    @Test
    void issuesKeysThatRedisKeepsOnlyAsHashesAndListsTheirIds() {
        put(RESPONSES_PROFILE).expectStatus().isCreated();

        Map<?, ?> issued = issueKey()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String key = (String) issued.get("key");
        String keyId = (String) issued.get("keyId");

        assertThat(key).startsWith("crk_").hasSizeGreaterThan(40);
        assertThat(keyId).matches("key_[0-9a-f]{16}");
        assertThat(issued.get("companySlug")).isEqualTo(company);
        assertThat(worker.redis().hget(keys().apiKeys(), sha256(key))).isEqualTo(company);
        assertThat(worker.redis().hget(keys().apiKeys(), key)).isNull();
        assertThat(worker.redis().smembers(keys().companyApiKeys(company))).containsExactly(sha256(key));

        String view = admin().get()
                .uri("/admin/companies/{slug}", company)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(view).contains(keyId).doesNotContain(key).doesNotContain(sha256(key));
    }

    @Test
    void refusesAWriteWhoseAnswerTheClientCannotReadBeforeMakingIt() {
        expectNotAcceptable(admin().put()
                .uri("/admin/companies/{slug}", company)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_XML)
                .bodyValue(RESPONSES_PROFILE)
                .exchange());
        assertThat(worker.redis().exists(keys().companyProfile(company))).isZero();

        put(RESPONSES_PROFILE).expectStatus().isCreated();
        // A key's secret is in its answer only: issued into an answer the client refuses, it would be lost.
        expectNotAcceptable(admin().post()
                .uri("/admin/companies/{slug}/keys", company)
                .accept(MediaType.TEXT_HTML)
                .exchange());
        assertThat(worker.redis().smembers(keys().companyApiKeys(company))).isEmpty();
    }

    @Test
    void revokesOneKeyAndDeletingTheCompanyRevokesTheRest() {
        put(RESPONSES_PROFILE).expectStatus().isCreated();
        Map<?, ?> first = issueKey().expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> second = issueKey().expectBody(Map.class).returnResult().getResponseBody();
        String firstHash = sha256((String) first.get("key"));
        String secondHash = sha256((String) second.get("key"));

        admin().delete()
                .uri("/admin/companies/{slug}/keys/{id}", company, first.get("keyId"))
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(worker.redis().hexists(keys().apiKeys(), firstHash)).isFalse();
        admin().get()
                .uri("/admin/companies/{slug}", company)
                .exchange()
                .expectBody()
                .jsonPath("$.keyIds")
                .isEqualTo(List.of(second.get("keyId")));
        // Revoking is idempotent: a retried DELETE finds nothing left to revoke and says so with the same 204.
        admin().delete()
                .uri("/admin/companies/{slug}/keys/{id}", company, first.get("keyId"))
                .exchange()
                .expectStatus()
                .isNoContent();

        admin().delete()
                .uri("/admin/companies/{slug}", company)
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(worker.redis().hexists(keys().apiKeys(), secondHash)).isFalse();
        assertThat(worker.redis().exists(keys().companyApiKeys(company))).isZero();
    }

    @Test
    void revokingAKeyOfAnUnknownCompanyAnswers404() {
        admin().delete()
                .uri("/admin/companies/{slug}/keys/{id}", company, "key_0123456789abcdef")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("unknown_company");
    }

    @Test
    void issuesNoKeyToAnUnknownCompany() {
        issueKey()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("unknown_company");
        assertThat(worker.redis().exists(keys().companyApiKeys(company))).isZero();
    }

    @Test
    void aKeyOfOneCompanyCannotBeRevokedThroughAnother() {
        put(RESPONSES_PROFILE).expectStatus().isCreated();
        Map<?, ?> issued = issueKey().expectBody(Map.class).returnResult().getResponseBody();
        String other = TestNames.unique().id().toLowerCase();
        worker.registerCompany(other);

        // The other company has no key with this id, so none is left to revoke there; the key stays its company's.
        admin().delete()
                .uri("/admin/companies/{slug}/keys/{id}", other, issued.get("keyId"))
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(worker.redis().hget(keys().apiKeys(), sha256((String) issued.get("key"))))
                .isEqualTo(company);
    }

    private WebTestClient.ResponseSpec put(String profile) {
        return admin().put()
                .uri("/admin/companies/{slug}", company)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(profile)
                .exchange();
    }

    private WebTestClient.ResponseSpec issueKey() {
        return admin().post().uri("/admin/companies/{slug}/keys", company).exchange();
    }

    private WebTestClient unauthenticated() {
        return http();
    }

    private static void expectBadRequest(WebTestClient.ResponseSpec response, String code, String field) {
        response.expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo(code)
                .jsonPath("$.error.field")
                .isEqualTo(field);
    }
}
