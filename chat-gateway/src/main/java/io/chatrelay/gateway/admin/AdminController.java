package io.chatrelay.gateway.admin;

import io.chatrelay.gateway.api.ApiDocs;
import io.chatrelay.gateway.api.ApiException;
import io.chatrelay.gateway.api.CompanySlug;
import io.chatrelay.gateway.auth.ApiKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "admin", description = "Company profiles and API keys, behind the admin token")
@SecurityRequirement(name = ApiDocs.ADMIN_TOKEN)
class AdminController {

    private final CompanyProfiles profiles;
    private final ApiKeys apiKeys;

    AdminController(CompanyProfiles profiles, ApiKeys apiKeys) {
        this.profiles = profiles;
        this.apiKeys = apiKeys;
    }

    @PutMapping(
            path = "/admin/companies/{slug}",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Set a company's profile", description = "Creates the company, or replaces its profile.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ProfileShape.class),
                            examples = {
                                @ExampleObject(name = "responses", value = AdminExamples.RESPONSES_PROFILE),
                                @ExampleObject(name = "assistants", value = AdminExamples.ASSISTANTS_PROFILE)
                            }))
    @ApiResponse(
            responseCode = "201",
            description = "A new company",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = CompanyView.class),
                            examples = @ExampleObject(name = "company", value = AdminExamples.COMPANY)))
    @ApiResponse(
            responseCode = "200",
            description = "The profile was replaced",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = CompanyView.class),
                            examples = @ExampleObject(name = "company", value = AdminExamples.COMPANY)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.PROFILE_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.ADMIN_API_ABSENT)
    @ApiResponse(responseCode = "406", ref = ApiDocs.NOT_ACCEPTABLE)
    @ApiResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
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
    @Operation(summary = "A company's profile and the ids of its API keys")
    @ApiResponse(
            responseCode = "200",
            description = "The company (key ids only, never a key or its hash)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = CompanyView.class),
                            examples = @ExampleObject(name = "company", value = AdminExamples.COMPANY)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.SLUG_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.ADMIN_UNKNOWN_COMPANY)
    Mono<CompanyView> get(@PathVariable String slug) {
        return profiles.get(valid(slug))
                .switchIfEmpty(Mono.error(AdminController::unknownCompany))
                .zipWith(apiKeys.ids(slug), (profile, ids) -> CompanyView.of(slug, profile, ids));
    }

    /**
     * Removes the profile, then the keys: a key issued in between fails for want of a profile, so none survives. A
     * retried delete after a crash between the two finds the keys and removes them.
     */
    @DeleteMapping("/admin/companies/{slug}")
    @Operation(summary = "Remove a company's profile and revoke all its keys")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "400", ref = ApiDocs.SLUG_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.ADMIN_UNKNOWN_COMPANY)
    Mono<ResponseEntity<Void>> delete(@PathVariable String slug) {
        return profiles.delete(valid(slug))
                .flatMap(deleted -> apiKeys.revokeAll(slug).map(revoked -> deleted || revoked > 0))
                .flatMap(existed ->
                        existed ? Mono.just(ResponseEntity.noContent().<Void>build()) : Mono.error(unknownCompany()));
    }

    /** The key is in this answer only; {@code no-store} keeps it out of caches. */
    @PostMapping(path = "/admin/companies/{slug}/keys", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Issue an API key",
            description = "The key is in this answer only; the gateway keeps its SHA-256.")
    @ApiResponse(
            responseCode = "201",
            description = "The new key",
            headers = @Header(name = "Cache-Control", schema = @Schema(type = "string", example = "no-store")),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = IssuedKey.class),
                            examples = @ExampleObject(name = "issued", value = AdminExamples.ISSUED_KEY)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.SLUG_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.ADMIN_UNKNOWN_COMPANY)
    @ApiResponse(responseCode = "406", ref = ApiDocs.NOT_ACCEPTABLE)
    Mono<ResponseEntity<IssuedKey>> issueKey(@PathVariable String slug) {
        return apiKeys.issue(valid(slug))
                .switchIfEmpty(Mono.error(AdminController::unknownCompany))
                .map(issued -> ResponseEntity.status(HttpStatus.CREATED)
                        .cacheControl(CacheControl.noStore())
                        .body(new IssuedKey(slug, issued.keyId(), issued.key())));
    }

    @DeleteMapping("/admin/companies/{slug}/keys/{keyId}")
    @Operation(
            summary = "Revoke one API key",
            description = "Idempotent: the company has no key with this id afterwards, whether it was revoked now,"
                    + " before, or never issued.")
    @ApiResponse(responseCode = "204", description = "No key with this id remains")
    @ApiResponse(responseCode = "400", ref = ApiDocs.SLUG_BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.ADMIN_UNKNOWN_COMPANY)
    Mono<ResponseEntity<Void>> revokeKey(@PathVariable String slug, @PathVariable String keyId) {
        return apiKeys.revoke(valid(slug), keyId)
                .filter(Boolean::booleanValue)
                .switchIfEmpty(profiles.get(slug).map(profile -> true))
                .map(known -> ResponseEntity.noContent().<Void>build())
                .switchIfEmpty(Mono.error(AdminController::unknownCompany));
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
