package io.chatrelay.gateway.ingest;

import java.time.Duration;
import java.util.Locale;

/** Reads the {@code wait} preference of an RFC 7240 {@code Prefer} header. */
final class PreferWait {

    private PreferWait() {}

    /** The asked wait, capped at {@code max}; zero when the header asks for none or cannot be read. */
    static Duration parse(String prefer, Duration max) {
        if (prefer == null) {
            return Duration.ZERO;
        }
        for (String preference : prefer.split(",")) {
            String[] nameValue = preference.strip().split("=", 2);
            if (nameValue.length == 2
                    && nameValue[0].strip().toLowerCase(Locale.ROOT).equals("wait")) {
                try {
                    long seconds = Long.parseLong(nameValue[1].strip().replace("\"", ""));
                    return seconds <= 0 ? Duration.ZERO : Duration.ofSeconds(Math.min(seconds, max.toSeconds()));
                } catch (NumberFormatException e) {
                    // An unreadable preference is ignored, as RFC 7240 asks.
                    return Duration.ZERO;
                }
            }
        }
        return Duration.ZERO;
    }
}
