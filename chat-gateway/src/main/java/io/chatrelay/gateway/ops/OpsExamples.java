package io.chatrelay.gateway.ops;

/** Example bodies of the dead-letter admin API, for its OpenAPI description. */
final class OpsExamples {

    private static final String FIELDS = """
            "requestId": "req_7d1c2e9a", "conversationId": "conv-42", "company": "acme",
             "preview": "Where is my order 42?", "category": "quota_exceeded", "reason": "429: insufficient_quota",
             "upstreamStatus": 429, "upstreamCode": "insufficient_quota", "upstreamRequestId": "req_upstream_01",
             "attempts": 1, "firstFailureAt": "2026-01-31T12:00:00Z", "lastFailureAt": "2026-01-31T12:00:01Z",
             "replayCount": 0, """;

    private static final String OPEN = "{" + FIELDS + "\"resolved\": false, \"requestStatus\": \"dead_lettered\"";

    static final String PAGE = "{\"items\": [" + OPEN + "}], \"nextCursor\": null}";

    static final String DETAIL = OPEN + """
            , "request": {"schema_version": 1, "request_id": "req_7d1c2e9a", "conversation_id": "conv-42",
                          "company_slug": "acme", "message": "Where is my order 42?", "replay_count": 0},
             "headers": {"chatrelay-failure-category": "quota_exceeded", "chatrelay-attempt": "1"},
             "dlt": {"partition": 3, "offset": 1187}}""";

    static final String DISCARDED = "{" + FIELDS + """
            "resolved": true, "requestStatus": "dead_lettered",
             "resolution": {"kind": "discarded", "at": "2026-01-31T13:05:00Z", "by": "alice",
                            "reason": "customer cancelled the order"}}""";

    static final String REPLAY_BY_FILTER = """
            {"filter": {"company": "acme", "category": "quota_exceeded"}, "ratePerSecond": 5, "maxCount": 500}""";

    static final String REPLAY_BY_IDS = """
            {"ids": ["req_7d1c2e9a", "req_0b44f1d2"], "dryRun": true}""";

    static final String REPLAYED = """
            {"auditId": "1769865900000-0", "dryRun": false, "matched": 2, "truncated": false, "published": 1,
             "failed": 0, "skipped": 1,
             "requests": [{"requestId": "req_7d1c2e9a", "conversationId": "conv-42", "outcome": "published"},
                          {"requestId": "req_0b44f1d2", "conversationId": "conv-43", "outcome": "skipped",
                           "reason": "already_discarded"}]}""";

    static final String DISCARD = """
            {"reason": "customer cancelled the order"}""";

    static final String AUDIT = """
            {"items": [{"id": "1769865900000-0", "action": "replay", "actor": "alice", "at": "2026-01-31T13:25:00Z",
                        "filter": {"company": "acme"}, "requestIds": ["req_7d1c2e9a"], "count": 1,
                        "outcome": "published=1 failed=0 skipped=0"}]}""";

    private OpsExamples() {}
}
