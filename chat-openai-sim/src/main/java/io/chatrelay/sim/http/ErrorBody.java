package io.chatrelay.sim.http;

/** The body of an {@link ApiError}: {@code {"error":{"message","type","param","code"}}}. */
record ErrorBody(Detail error) {

    /** What went wrong; {@code param} and {@code code} are sent as {@code null} when not known. */
    record Detail(String message, String type, String param, String code) {}

    static ErrorBody of(ApiError error) {
        return new ErrorBody(new Detail(error.message(), error.type(), error.param(), error.code()));
    }
}
