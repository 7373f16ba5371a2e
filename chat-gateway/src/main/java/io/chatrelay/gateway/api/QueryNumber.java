package io.chatrelay.gateway.api;

/** A whole-number query parameter, optional, within a range; the answer to a bad one is a 400 naming it. */
public final class QueryNumber {

    private QueryNumber() {}

    /**
     * The parameter's value, or {@code otherwise} when it is missing or blank.
     *
     * @param code the error code of the 400 for a value that is not a whole number from {@code min} to {@code max}
     */
    public static int of(String text, String name, int otherwise, int min, int max, String code) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(code, name + " must be a whole number from " + min + " to " + max, name);
    }
}
