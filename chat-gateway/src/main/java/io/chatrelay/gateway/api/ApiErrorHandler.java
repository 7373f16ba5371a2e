package io.chatrelay.gateway.api;

import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Turns every failure of the JSON endpoints into an {@link ApiError} body with the matching status. The body is JSON
 * whatever the client accepts: a client that asked for an event stream (an {@code EventSource}, a streamed
 * {@code POST /v1/chats}) gets no stream, and must be able to read why.
 */
@RestControllerAdvice
class ApiErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    @ExceptionHandler
    ResponseEntity<ApiError> on(ApiException e) {
        ResponseEntity.BodyBuilder answer = json(ResponseEntity.status(e.status()));
        if (e.retryAfterSeconds() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return answer.body(e.body());
    }

    @ExceptionHandler
    ResponseEntity<ApiError> on(MethodNotAllowedException e) {
        return json(ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(e.getHeaders()))
                .body(ApiError.of("method_not_allowed", "Method " + e.getHttpMethod() + " is not allowed here", null));
    }

    /**
     * The {@code Accept} header admits none of the operation's answers. Refused before the operation runs: every write
     * that answers JSON says so in its mapping ({@code produces}), so that it acts only when its answer can be read.
     */
    @ExceptionHandler
    ResponseEntity<ApiError> on(NotAcceptableStatusException e) {
        String answers =
                e.getSupportedMediaTypes().stream().map(MediaType::toString).collect(Collectors.joining(" or "));
        return on(ApiException.notAcceptable(answers.isEmpty() ? "application/json" : answers));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> on(UnsupportedMediaTypeStatusException e) {
        return json(ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(e.getHeaders()))
                .body(ApiError.of("unsupported_media_type", "The body must be application/json", null));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> on(ServerWebInputException e) {
        String message = e.getCause() instanceof DecodingException
                ? "The body is not well-formed JSON"
                : "The request is malformed";
        return json(ResponseEntity.badRequest()).body(ApiError.of("malformed_request", message, null));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> on(ResponseStatusException e) {
        HttpStatusCode status = e.getStatusCode();
        String reason = e.getReason() == null ? "Request failed" : e.getReason();
        return json(ResponseEntity.status(status).headers(e.getHeaders()))
                .body(ApiError.of(codeOf(status), reason, null));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> on(Exception e) {
        // The message may carry internals; the log keeps it, the client gets a generic sentence.
        log.error("Unexpected failure", e);
        return json(ResponseEntity.internalServerError()).body(ApiError.of("internal_error", "Internal error", null));
    }

    /** The answer as JSON: set here, since content negotiation would pick the event stream a client asked for. */
    private static ResponseEntity.BodyBuilder json(ResponseEntity.BodyBuilder answer) {
        return answer.contentType(MediaType.APPLICATION_JSON);
    }

    private static String codeOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http_" + status.value() : known.name().toLowerCase(java.util.Locale.ROOT);
    }
}
