package io.chatrelay.gateway.ingest;

/** Example bodies of the chat endpoints, for their OpenAPI description. */
final class ChatExamples {

    static final String SUBMISSION = """
            {"companySlug": "acme", "message": "Where is my order?"}""";

    static final String SUBMISSION_IN_CONVERSATION = """
            {"companySlug": "acme", "message": "And when will it arrive?", "conversationId": "cnv_5f0c6a1e",
             "metadata": {"channel": "web"}}""";

    static final String ACCEPTED = """
            {"requestId": "req_7d9e2b41", "conversationId": "cnv_5f0c6a1e", "status": "accepted",
             "links": {"self": "/v1/chats/req_7d9e2b41", "events": "/v1/chats/req_7d9e2b41/events"},
             "streamToken": "acme.1795771800.dC1fY2xJm5lWnq0uOQ8p3sMZ1Zr0kz3H1kJp2Vn4bXo"}""";

    static final String COMPLETED = """
            {"requestId": "req_7d9e2b41", "conversationId": "cnv_5f0c6a1e", "companySlug": "acme",
             "status": "completed", "message": "Where is my order?", "answer": "Your order shipped yesterday.",
             "createdAt": "2026-11-27T10:15:30.120Z", "updatedAt": "2026-11-27T10:15:32.480Z",
             "completedAt": "2026-11-27T10:15:32.480Z"}""";

    static final String FAILED = """
            {"requestId": "req_7d9e2b41", "conversationId": "cnv_5f0c6a1e", "companySlug": "acme",
             "status": "failed", "message": "Where is my order?",
             "error": {"code": "upstream_rejected", "message": "The upstream refused the request"},
             "createdAt": "2026-11-27T10:15:30.120Z", "updatedAt": "2026-11-27T10:15:31.020Z",
             "completedAt": "2026-11-27T10:15:31.020Z"}""";

    static final String CANCEL_REQUESTED = """
            {"requestId": "req_7d9e2b41", "status": "cancel_requested"}""";

    static final String CONVERSATION = """
            {"conversationId": "cnv_5f0c6a1e", "messages": [
              {"requestId": "req_7d9e2b41", "conversationId": "cnv_5f0c6a1e", "companySlug": "acme",
               "status": "completed", "message": "Where is my order?", "answer": "Your order shipped yesterday.",
               "createdAt": "2026-11-27T10:15:30.120Z", "completedAt": "2026-11-27T10:15:32.480Z"},
              {"requestId": "req_a0c4f9d2", "conversationId": "cnv_5f0c6a1e", "companySlug": "acme",
               "status": "running", "message": "And when will it arrive?", "createdAt": "2026-11-27T10:16:02.004Z"}],
             "next": null}""";

    private ChatExamples() {}
}
