package io.chatrelay.gateway.api;

/**
 * Names in the OpenAPI description that every feature refers to: the security schemes and the error answers, each
 * described once (with an example body) by {@link ApiDocsConfiguration} and referenced from the controllers, for
 * example {@code @ApiResponse(responseCode = "404", ref = ApiDocs.UNKNOWN_REQUEST)}.
 */
public final class ApiDocs {

    /** A company API key as {@code Authorization: Bearer}, on {@code /v1/**} and {@code /api/**}. */
    public static final String COMPANY_KEY = "companyKey";
    /** The admin token as {@code Authorization: Bearer}, on {@code /admin/**}. */
    public static final String ADMIN_TOKEN = "adminToken";
    /** A stream token as {@code ?token=}, on a request's events only. */
    public static final String STREAM_TOKEN = "streamToken";

    private static final String RESPONSES = "#/components/responses/";

    public static final String CHAT_BAD_REQUEST = RESPONSES + "ChatBadRequest";
    public static final String PROFILE_BAD_REQUEST = RESPONSES + "ProfileBadRequest";
    public static final String SLUG_BAD_REQUEST = RESPONSES + "SlugBadRequest";
    public static final String LAST_EVENT_ID_BAD_REQUEST = RESPONSES + "LastEventIdBadRequest";
    public static final String PAGE_BAD_REQUEST = RESPONSES + "PageBadRequest";
    public static final String UNAUTHORIZED = RESPONSES + "Unauthorized";
    public static final String STREAM_UNAUTHORIZED = RESPONSES + "StreamUnauthorized";
    public static final String ADMIN_UNAUTHORIZED = RESPONSES + "AdminUnauthorized";
    public static final String COMPANY_MISMATCH = RESPONSES + "CompanyMismatch";
    public static final String UNKNOWN_COMPANY = RESPONSES + "UnknownCompany";
    public static final String UNKNOWN_REQUEST = RESPONSES + "UnknownRequest";
    public static final String UNKNOWN_CONVERSATION = RESPONSES + "UnknownConversation";
    public static final String ADMIN_API_ABSENT = RESPONSES + "AdminApiAbsent";
    public static final String ADMIN_UNKNOWN_COMPANY = RESPONSES + "AdminUnknownCompany";
    public static final String METHOD_NOT_ALLOWED = RESPONSES + "MethodNotAllowed";
    public static final String CHAT_CONFLICT = RESPONSES + "ChatConflict";
    public static final String ALREADY_FINISHED = RESPONSES + "AlreadyFinished";
    public static final String MESSAGE_TOO_LARGE = RESPONSES + "MessageTooLarge";
    public static final String NOT_ACCEPTABLE = RESPONSES + "NotAcceptable";
    public static final String UNSUPPORTED_MEDIA_TYPE = RESPONSES + "UnsupportedMediaType";
    public static final String IDEMPOTENCY_KEY_REUSED = RESPONSES + "IdempotencyKeyReused";
    public static final String RATE_LIMITED = RESPONSES + "RateLimited";
    public static final String UNAVAILABLE = RESPONSES + "Unavailable";
    public static final String DEAD_LETTER_FILTER_BAD_REQUEST = RESPONSES + "DeadLetterFilterBadRequest";
    public static final String REPLAY_BAD_REQUEST = RESPONSES + "ReplayBadRequest";
    public static final String DISCARD_BAD_REQUEST = RESPONSES + "DiscardBadRequest";
    public static final String UNKNOWN_DEAD_LETTER = RESPONSES + "UnknownDeadLetter";
    public static final String ALREADY_RESOLVED = RESPONSES + "AlreadyResolved";

    /** The original system's endpoints under {@code /api} answer errors in its shape, {@code {error, threadId?}}. */
    public static final String SEED_BAD_REQUEST = RESPONSES + "SeedBadRequest";

    public static final String SEED_UNAUTHORIZED = RESPONSES + "SeedUnauthorized";
    public static final String SEED_FORBIDDEN = RESPONSES + "SeedForbidden";
    public static final String SEED_NOT_FOUND = RESPONSES + "SeedNotFound";
    public static final String SEED_METHOD_NOT_ALLOWED = RESPONSES + "SeedMethodNotAllowed";
    public static final String SEED_CONFLICT = RESPONSES + "SeedConflict";
    public static final String SEED_TOO_LARGE = RESPONSES + "SeedTooLarge";
    public static final String SEED_RATE_LIMITED = RESPONSES + "SeedRateLimited";
    public static final String SEED_FAILED = RESPONSES + "SeedFailed";
    public static final String SEED_UNAVAILABLE = RESPONSES + "SeedUnavailable";

    /** A completed request's event stream, as its SSE endpoint and a streamed {@code POST /v1/chats} show it. */
    public static final String EVENTS_EXAMPLE = """
            id:0
            event:accepted
            data:{"type":"accepted","request_id":"req_7d9e2b41","conversation_id":"cnv_5f0c6a1e","seq":0,\
            "timestamp":"2026-11-27T10:15:30.120Z","company_slug":"acme"}

            id:1
            event:queued
            data:{"type":"queued","request_id":"req_7d9e2b41","conversation_id":"cnv_5f0c6a1e","seq":1,\
            "timestamp":"2026-11-27T10:15:30.161Z"}

            id:2
            event:started
            data:{"type":"started","request_id":"req_7d9e2b41","conversation_id":"cnv_5f0c6a1e","seq":2,\
            "timestamp":"2026-11-27T10:15:30.904Z","run_id":"resp_68a1"}

            id:3
            event:delta
            data:{"type":"delta","request_id":"req_7d9e2b41","conversation_id":"cnv_5f0c6a1e","seq":3,\
            "timestamp":"2026-11-27T10:15:31.377Z","text":"Your order "}

            :heartbeat

            id:4
            event:completed
            data:{"type":"completed","request_id":"req_7d9e2b41","conversation_id":"cnv_5f0c6a1e","seq":4,\
            "timestamp":"2026-11-27T10:15:32.480Z","run_id":"resp_68a1","text":"Your order shipped yesterday.",\
            "usage":{"input_tokens":10,"output_tokens":6,"total_tokens":16}}

            """;

    private ApiDocs() {}

    /** The component name a reference points to. */
    static String name(String ref) {
        return ref.substring(RESPONSES.length());
    }
}
