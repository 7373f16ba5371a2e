package io.chatrelay.gateway.admin;

import io.chatrelay.gateway.api.ApiException;
import io.chatrelay.gateway.api.CompanySlug;
import io.chatrelay.gateway.auth.ApiKeys;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /admin/companies}: company profiles and API keys. The admin token is checked before this runs. */
@RestController
class AdminController {

    private final CompanyProfiles profiles;
    private final ApiKeys apiKeys;

    AdminController(CompanyProfiles profiles, ApiKeys apiKeys) {
        this.profiles = profiles;
        this.apiKeys = apiKeys;
    }

    @PutMapping(path = "/admin/companies/{slug}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<CompanyView>> put(@PathVariable String slug, @RequestBody(required = false) String body) {
        valid(slug);
        return Mono.fromCallable(() -> ProfileParser.parse(body))
                .flatMap(profile -> profiles.put(slug, profile)
                        .zipWith(apiKeys.ids(slug))
                        .map(createdAndIds -> ResponseEntity.status(
                                        createdAndIds.getT1() ? HttpStatus.CREATED : HttpStatus.OK)
                                .body(CompanyView.of(slug, profile, createdAndIds.getT2()))));
    }

    @GetMapping("/admin/companies/{slug}")
    Mono<CompanyView> get(@PathVariable String slug) {
        return profiles.get(valid(slug))
                .switchIfEmpty(Mono.error(unknownCompany()))
                .zipWith(apiKeys.ids(slug), (profile, ids) -> CompanyView.of(slug, profile, ids));
    }

    /**
     * Removes the profile, then the keys: a key issued in between fails for want of a profile, so none survives. A
     * retried delete after a crash between the two finds the keys and removes them.
     */
    @DeleteMapping("/admin/companies/{slug}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String slug) {
        return profiles.delete(valid(slug))
                .flatMap(deleted -> apiKeys.revokeAll(slug).map(revoked -> deleted || revoked > 0))
                .flatMap(existed ->
                        existed ? Mono.just(ResponseEntity.noContent().<Void>build()) : Mono.error(unknownCompany()));
    }

    /** The key is in this answer only; {@code no-store} keeps it out of caches. */
    @PostMapping("/admin/companies/{slug}/keys")
    Mono<ResponseEntity<Map<String, String>>> issueKey(@PathVariable String slug) {
        return apiKeys.issue(valid(slug))
                .switchIfEmpty(Mono.error(unknownCompany()))
                .map(issued -> ResponseEntity.status(HttpStatus.CREATED)
                        .cacheControl(CacheControl.noStore())
                        .body(Map.of("companySlug", slug, "keyId", issued.keyId(), "key", issued.key())));
    }

    @DeleteMapping("/admin/companies/{slug}/keys/{keyId}")
    Mono<ResponseEntity<Void>> revokeKey(@PathVariable String slug, @PathVariable String keyId) {
        return apiKeys.revoke(valid(slug), keyId)
                .flatMap(revoked -> revoked
                        ? Mono.just(ResponseEntity.noContent().<Void>build())
                        : Mono.error(ApiException.notFound("unknown_key", "The company has no key with this id")));
    }

    private static String valid(String slug) {
        if (!CompanySlug.valid(slug)) {
            throw ApiException.badRequest("invalid_field", "The company slug " + CompanySlug.RULE, "companySlug");
        }
        return slug;
    }

    private static ApiException unknownCompany() {
        return ApiException.notFound("unknown_company", "No such company");
    }
}
