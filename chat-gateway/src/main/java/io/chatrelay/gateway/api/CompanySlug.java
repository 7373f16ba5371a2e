package io.chatrelay.gateway.api;

import java.util.regex.Pattern;

/** The alphabet of company slugs, the same in the chat API and the admin API. */
public final class CompanySlug {

    /** Company slugs are Redis key parts: keep them to a safe alphabet. */
    public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** What a client is told when a slug does not fit {@link #PATTERN}. */
    public static final String RULE = "must be 1-64 of a-z, 0-9, '-' or '_', starting with a letter or digit";

    private CompanySlug() {}

    public static boolean valid(String slug) {
        return slug != null && PATTERN.matcher(slug).matches();
    }
}
