package io.chatrelay.sim.faults;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-request behaviour written into the user's message as {@code [sim:key=value;key=value]} (several blocks
 * allowed) or into metadata under the key {@code sim} as {@code key=value;key=value}.
 *
 * <ul>
 *   <li>{@code fail=KIND} or {@code fail=KINDxN}: the create call (response or run) fails with KIND, always or for
 *       the first N attempts of the same message in the same thread/conversation. KIND is an HTTP status
 *       ({@code 400 401 403 404 408 409 422 429 500 502 503 504}), {@code insufficient_quota}, {@code too_large}
 *       (the 429 that must not be retried), {@code locked} (400 {@code conversation_locked}), {@code hang} (no
 *       answer until the client gives up), {@code reset} (connection dropped) or {@code lost} (a response or run is
 *       created and runs, then the connection drops: the client cannot tell whether it was created) or {@code cut}
 *       (the same for a streaming create, but the stream opens with HTTP 200 and the connection drops before its
 *       first event; a create that does not stream, or a message, loses its reply as with {@code lost}).
 *   <li>{@code fail-on=message}: the {@code fail} directive hits adding the user message to a thread instead of
 *       the create call ({@code lost} or {@code cut}: the message is added, then the connection drops).
 *   <li>{@code fail-on=outputs}: the {@code fail} directive hits handing back function outputs instead: submitting
 *       them to a run, or creating the response that answers them ({@code lost}: they are taken, then the connection
 *       drops).
 *   <li>{@code retry-after=2s} or {@code 500ms}: the wait a 429 asks for (default 1 s).
 *   <li>{@code latency=3s}: time from creation to the terminal status.
 *   <li>{@code cut-stream-after=N}: the first stream of the response or run is cut after N events.
 *   <li>{@code status=failed|expired|incomplete}: how the response or run ends.
 *   <li>{@code tokens=N}: reply length.
 *   <li>{@code tool=NAME}: the model calls function NAME (arguments {@code {}}) instead of answering.
 * </ul>
 */
public record Directives(
        String fail,
        int failTimes,
        FailOn failOn,
        Duration retryAfter,
        Duration latency,
        Integer cutStreamAfter,
        String status,
        Integer tokens,
        String tool,
        String raw) {

    private static final Pattern BLOCK = Pattern.compile("\\[sim:([^\\]]*)]");
    private static final Pattern FAIL = Pattern.compile("([a-z_0-9]+?)(?:x(\\d+))?");

    public static final Directives NONE =
            new Directives(null, 0, FailOn.CREATE, null, null, null, null, null, null, "");

    /** The call a {@code fail} directive hits. */
    public enum FailOn {
        /** Creating the response or the run. */
        CREATE,
        /** Adding the user message to a thread. */
        MESSAGE,
        /** Handing back function outputs: submitting them to a run, or creating the response that answers them. */
        OUTPUTS
    }

    public static Directives parse(String text, Map<String, String> metadata) {
        Map<String, String> pairs = new HashMap<>();
        StringBuilder raw = new StringBuilder();
        if (text != null) {
            Matcher matcher = BLOCK.matcher(text);
            while (matcher.find()) {
                collect(matcher.group(1), pairs);
                raw.append(matcher.group(0));
            }
        }
        String fromMetadata = metadata == null ? null : metadata.get("sim");
        if (fromMetadata != null) {
            collect(fromMetadata, pairs);
            raw.append("[sim:").append(fromMetadata).append(']');
        }
        if (pairs.isEmpty()) {
            return NONE;
        }
        String fail = null;
        int failTimes = Integer.MAX_VALUE;
        String failValue = pairs.get("fail");
        if (failValue != null) {
            Matcher matcher = FAIL.matcher(failValue.toLowerCase());
            if (matcher.matches()) {
                fail = matcher.group(1);
                failTimes = matcher.group(2) == null ? Integer.MAX_VALUE : Integer.parseInt(matcher.group(2));
            }
        }
        return new Directives(
                fail,
                failTimes,
                failOn(pairs.get("fail-on")),
                duration(pairs.get("retry-after")),
                duration(pairs.get("latency")),
                integer(pairs.get("cut-stream-after")),
                pairs.get("status") == null ? null : pairs.get("status").toLowerCase(),
                integer(pairs.get("tokens")),
                pairs.get("tool"),
                raw.toString());
    }

    private static FailOn failOn(String value) {
        if ("message".equalsIgnoreCase(value)) {
            return FailOn.MESSAGE;
        }
        return "outputs".equalsIgnoreCase(value) ? FailOn.OUTPUTS : FailOn.CREATE;
    }

    /** The text without its directive blocks. */
    public static String strip(String text) {
        return text == null ? "" : BLOCK.matcher(text).replaceAll("").strip();
    }

    public boolean any() {
        return !raw.isEmpty();
    }

    private static void collect(String body, Map<String, String> pairs) {
        for (String part : body.split("[;,\\s]+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                pairs.put(
                        part.substring(0, eq).strip().toLowerCase(),
                        part.substring(eq + 1).strip());
            }
        }
    }

    private static Duration duration(String value) {
        if (value == null) {
            return null;
        }
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
        }
        return Duration.ofMillis(Long.parseLong(value));
    }

    private static Integer integer(String value) {
        return value == null ? null : Integer.valueOf(value);
    }
}
