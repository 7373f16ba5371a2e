package io.chatrelay.bench.drill;

import io.chatrelay.bench.load.TrackedChat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks every drill ends with, over every chat the load client posted.
 *
 * @param lines what was counted, for the report
 * @param failures each check that did not hold, with examples; empty when the drill passed
 */
public record Verdict(List<String> lines, List<String> failures) {

    private static final int EXAMPLES = 3;

    public boolean passed() {
        return failures.isEmpty();
    }

    /**
     * @param faultAt when the drill's first step ran ({@link System#nanoTime()})
     */
    static Verdict of(Drill drill, List<TrackedChat> chats, List<Outcome> outcomes, long deadLetters, long faultAt) {
        List<String> lines = new ArrayList<>();
        List<String> failures = new ArrayList<>();

        Map<String, Integer> answers = new TreeMap<>();
        List<String> unclear = new ArrayList<>();
        List<String> lateRefusals = new ArrayList<>();
        for (TrackedChat chat : chats) {
            String answer = chat.status() == TrackedChat.NO_ANSWER ? "no answer" : Integer.toString(chat.status());
            answers.merge(answer, 1, Integer::sum);
            // Either nothing was kept (unavailable), or the request left for Kafka without a verdict and was kept
            // under the id the answer names (publish_unconfirmed).
            boolean clearRefusal = chat.status() == 503
                    && chat.refusal() != null
                    && (chat.refusal().contains("\"unavailable\"")
                            || chat.refusal().contains("\"publish_unconfirmed\""));
            if (!chat.accepted() && !clearRefusal) {
                unclear.add(chat.status() + " " + abbreviate(chat.refusal()));
            }
            if (clearRefusal && !refusalAllowed(drill, chat, faultAt)) {
                lateRefusals.add(String.format("posted %.1f s after the fault", (chat.postedAt() - faultAt) / 1e9));
            }
            if (chat.accepted() && chat.requestId() == null) {
                unclear.add("202 " + abbreviate(chat.refusal()));
            }
        }
        lines.add("posted " + chats.size() + ", answers " + answers);
        check(failures, unclear, "answers other than 202 or a clear 503 (unavailable or publish_unconfirmed)");
        drill.refusalsOnlyWithin()
                .ifPresent(window ->
                        check(failures, lateRefusals, "503s outside the " + window.toSeconds() + " s after the fault"));

        Map<String, Integer> ends = new TreeMap<>();
        List<String> notEnded = new ArrayList<>();
        List<String> endedTwice = new ArrayList<>();
        List<String> withoutReason = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> notCompleted = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            String end = outcome.end();
            ends.merge(end == null ? (outcome.ends() == 0 ? "none" : "several") : end, 1, Integer::sum);
            if (outcome.ends() == 0) {
                notEnded.add(outcome.requestId() + " " + outcome.eventTypes());
            } else if (outcome.ends() > 1) {
                endedTwice.add(outcome.requestId() + " " + outcome.eventTypes());
            }
            if (end != null
                    && !end.equals("completed")
                    && outcome.reasons().stream().anyMatch(r -> r == null || r.isBlank())) {
                withoutReason.add(outcome.requestId() + " " + outcome.eventTypes());
            }
            boolean completed = "completed".equals(end);
            if (outcome.responses() > 1 || outcome.userMessages() > 1 || (completed && outcome.responses() != 1)) {
                duplicated.add(outcome.requestId() + " responses " + outcome.responses() + ", user messages "
                        + outcome.userMessages());
            }
            if (drill.everyRequestCompletes() && !completed) {
                notCompleted.add(outcome.requestId() + " " + outcome.eventTypes() + " " + outcome.reasons());
            }
        }
        List<String> unseen = chats.stream()
                .filter(chat -> chat.accepted() && chat.terminal() == null)
                .map(chat -> chat.requestId() + " (SSE, " + chat.reconnects() + " reconnects)")
                .toList();
        int reconnects = chats.stream().mapToInt(TrackedChat::reconnects).sum();
        lines.add("accepted " + outcomes.size() + ", ended " + ends + ", upstream duplicates " + duplicated.size()
                + ", dead letters " + deadLetters + ", SSE reconnects " + reconnects);
        check(failures, notEnded, "accepted requests that never ended");
        check(failures, endedTwice, "requests that ended more than once");
        check(failures, withoutReason, "ends without a reason");
        check(failures, duplicated, "requests that created more than one response or user message upstream");
        check(failures, unseen, "accepted requests whose end the client never saw over SSE");
        if (drill.everyRequestCompletes()) {
            check(failures, notCompleted, "accepted requests that did not complete after recovery");
        }
        if (deadLetters != 0) {
            failures.add(deadLetters + " records on chat.requests.DLT (expected none)");
        }
        return new Verdict(lines, failures);
    }

    private static void check(List<String> failures, List<String> offenders, String what) {
        if (!offenders.isEmpty()) {
            failures.add(offenders.size() + " " + what + ", e.g. "
                    + String.join("; ", offenders.subList(0, Math.min(EXAMPLES, offenders.size()))));
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 160 ? text : text.substring(0, 160) + "…";
    }

    private static boolean refusalAllowed(Drill drill, TrackedChat chat, long faultAt) {
        return drill.refusalsOnlyWithin()
                .map(window -> chat.postedAt() >= faultAt && chat.postedAt() - faultAt <= window.toNanos())
                .orElse(true);
    }
}
