package io.chatrelay.gateway.admin;

import io.chatrelay.common.wire.AssistantProfile;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The admin view of a company: its profile and the ids of its API keys (never a key or its hash).
 *
 * @param companySlug the company
 * @param profile the profile, as {@code PUT} takes it
 * @param keyIds the ids of the company's API keys, sorted
 * @param notices why the profile serves OpenAI-compatible servers only (the assistants engine, a prompt id); empty
 *     when it also runs on OpenAI itself
 */
record CompanyView(
        String companySlug,
        @Schema(implementation = ProfileShape.class) JsonNode profile,
        List<String> keyIds,
        List<String> notices) {

    static CompanyView of(String companySlug, AssistantProfile profile, List<String> keyIds) {
        return new CompanyView(companySlug, ProfileParser.view(profile), keyIds, profile.compatibleOnly());
    }
}
