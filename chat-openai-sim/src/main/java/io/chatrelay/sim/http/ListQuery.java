package io.chatrelay.sim.http;

/** The {@code limit} and {@code order} query parameters of list endpoints. */
public final class ListQuery {

    private ListQuery() {}

    /** 1 to 100, default 20. */
    public static int limit(Exchange exchange) {
        String raw = exchange.query("limit");
        if (raw == null) {
            return 20;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= 100) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Falls through to the error below.
        }
        throw ApiError.invalid(
                        "Invalid 'limit': expected an integer between 1 and 100, but got " + raw + " instead.",
                        "limit",
                        "invalid_value")
                .toException();
    }

    /** {@code asc} or {@code desc} (the default). */
    public static boolean ascending(Exchange exchange) {
        String order = exchange.query("order");
        if (order == null || order.equals("desc")) {
            return false;
        }
        if (order.equals("asc")) {
            return true;
        }
        throw ApiError.invalid(
                        "Invalid value: '" + order + "'. Supported values are: 'asc' and 'desc'.",
                        "order",
                        "invalid_value")
                .toException();
    }
}
