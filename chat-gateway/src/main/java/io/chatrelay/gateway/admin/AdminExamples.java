package io.chatrelay.gateway.admin;

/** Example bodies of the admin API, for its OpenAPI description. */
final class AdminExamples {

    static final String RESPONSES_PROFILE = """
            {"engine": "responses", "model": "gpt-4.1-mini", "instructions": "You answer for Acme's order desk.",
             "options": {"max_output_tokens": 400}}""";

    static final String ASSISTANTS_PROFILE = """
            {"engine": "assistants", "assistantId": "asst_abc123"}""";

    static final String COMPANY = """
            {"companySlug": "acme",
             "profile": {"engine": "responses", "model": "gpt-4.1-mini",
                         "instructions": "You answer for Acme's order desk.", "options": {"max_output_tokens": 400}},
             "keyIds": ["key_3f9a0c17d2b84e65"], "notices": []}""";

    static final String ISSUED_KEY = """
            {"companySlug": "acme", "keyId": "key_3f9a0c17d2b84e65",
             "key": "crk_Qm9vZ2xlLXN0eWxlLWtleS1leGFtcGxlLW9ubHktMTIzNA"}""";

    private AdminExamples() {}
}
