package io.chatrelay.gateway.seed;

/** The examples of the original system's endpoints in the API description. */
final class SeedExamples {

    static final String SEED_CHAT = """
            {"companySlug": "acme", "message": "Where is my order?", "threadId": "cnv_5f0c6a1e"}""";

    static final String SEED_ANSWER = """
            {"response": "Your order shipped yesterday.", "threadId": "cnv_5f0c6a1e", "assistantId": "asst_abc123"}""";

    static final String SEED_STREAM = """
            data:{"threadId":"cnv_5f0c6a1e"}

            data:{"status":"accepted"}

            data:{"status":"running"}

            data:{"status":"completed","response":"Your order shipped yesterday.","threadId":"cnv_5f0c6a1e"}

            """;

    private SeedExamples() {}
}
