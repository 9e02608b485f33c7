package dev.strata.server.openai.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;
import dev.strata.core.auth.Principal;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.Credentials;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The event-loop side of {@code POST /v1/files}: before a byte of the upload is read the caller
 * must be authenticated and the body must be multipart/form-data; once read (to temporary files, by
 * Vert.x's body handler), a failure to read it becomes an OpenAI error.
 */
final class Uploads {
  private static final System.Logger LOG = System.getLogger(Uploads.class.getName());
  private static final String PRINCIPAL = "strata.openai.files.principal";
  private static final String WATCHDOG = "strata.openai.files.watchdog";

  private final Authenticator authenticator;
  private final BlockingEndpoints endpoints;
  private final long maxFileBytes;
  private final Duration truncatedGrace;

  /**
   * @param truncatedGrace how long after the request ended its upload may still be finishing;
   *     longer, and the body ended inside a part (Vert.x would wait for that part forever)
   */
  Uploads(
      Authenticator authenticator,
      BlockingEndpoints endpoints,
      long maxFileBytes,
      Duration truncatedGrace) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.endpoints = requireNonNull(endpoints, "endpoints");
    this.maxFileBytes = maxFileBytes;
    this.truncatedGrace = requireNonNull(truncatedGrace, "truncatedGrace");
  }

  /** The principal {@link #gate()} authenticated for this request. */
  static Principal principal(RoutingContext context) {
    Principal principal = context.get(PRINCIPAL);
    if (principal == null) {
      throw StrataException.internal("an upload reached its handler unauthenticated", null);
    }
    return principal;
  }

  /**
   * Pauses the request, checks its media type and authenticates the caller off the event loop;
   * only then lets the body handler read the body. A platform handler, since Vert.x orders every
   * other kind after the body handler.
   */
  PlatformHandler gate() {
    return context -> {
      HttpServerRequest request = context.request();
      if (!isMultipart(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
        endpoints.reject(context, notMultipart());
        return;
      }
      answerBrokenFraming(context);
      request.pause();
      Optional<String> secret = Credentials.of(request);
      context
          .vertx()
          .executeBlocking(() -> authenticator.authenticate(secret), false)
          .onComplete(
              outcome -> {
                if (context.response().headWritten()) {
                  return; // answered meanwhile: the body's framing broke
                }
                if (outcome.succeeded()) {
                  context.put(PRINCIPAL, outcome.result());
                  watch(context);
                  context.next();
                } else {
                  StrataException failure =
                      outcome.cause() instanceof StrataException known
                          ? known
                          : StrataException.internal("authentication failed", outcome.cause());
                  endpoints.reject(context, failure);
                  request.resume();
                }
              });
    };
  }

  /**
   * A chunked body whose framing breaks, while the caller is authenticated or while the body
   * handler spools the file, is reported to the connection first, and Vert.x closes it right after;
   * the request and the body handler may hear of it only as the close. So the answer is given from
   * the connection's handler, which this request holds until it ends (HTTP/1.x serves one request
   * at a time; HTTP/2 has no chunked framing, and its streams share the connection).
   */
  private void answerBrokenFraming(RoutingContext context) {
    HttpServerRequest request = context.request();
    if (request.version() == HttpVersion.HTTP_2) {
      return;
    }
    HttpConnection connection = request.connection();
    connection.exceptionHandler(failure -> endpoints.rejectMalformedBody(context, failure));
    context.addEndHandler(ended -> connection.exceptionHandler(null));
  }

  /** Marks the upload read: the watchdog {@link #gate()} started stands down. */
  Handler<RoutingContext> read() {
    return context -> {
      Long timer = context.get(WATCHDOG);
      if (timer != null) {
        context.vertx().cancelTimer(timer);
      }
      context.next();
    };
  }

  /**
   * Fails the request with a 400 when its body has ended but the body handler still waits for an
   * upload to finish after the grace: the last part was cut off, and would hold the connection and
   * its spooled file until the client gave up.
   */
  private void watch(RoutingContext context) {
    long graceNanos = truncatedGrace.toNanos();
    long interval = Math.max(10, Math.min(1000, truncatedGrace.toMillis() / 4));
    long[] endedAt = {0};
    long timer =
        context
            .vertx()
            .setPeriodic(
                interval,
                id -> {
                  if (context.response().headWritten() || context.failed()) {
                    context.vertx().cancelTimer(id);
                  } else if (context.request().isEnded()) {
                    long now = System.nanoTime();
                    if (endedAt[0] == 0) {
                      endedAt[0] = now;
                    } else if (now - endedAt[0] >= graceNanos) {
                      context.vertx().cancelTimer(id);
                      context.fail(400, new IllegalStateException("the body ended inside a part"));
                    }
                  }
                });
    context.put(WATCHDOG, timer);
    context.addEndHandler(ignored -> context.vertx().cancelTimer(timer));
  }

  /** Renders what went wrong while the body handler read the upload. */
  Handler<RoutingContext> failures() {
    return context -> {
      if (!context.response().headWritten()) {
        render(context);
      }
      // Stops a cut-off part spooling and deletes its file; stopping it fails the context again,
      // which finds the answer already given.
      context.cancelAndCleanupFileUploads();
    };
  }

  private void render(RoutingContext context) {
    HttpServerRequest request = context.request();
    int status = context.statusCode();
    if (context.failure() instanceof HttpClosedException || context.response().closed()) {
      return; // the connection is gone: no one is left to answer
    }
    if (status == 413) {
      endpoints.reject(context, tooLarge(maxFileBytes));
      if (request.version() != HttpVersion.HTTP_2) {
        request.connection().close();
      }
    } else if (context.failure() instanceof StrataException known) {
      endpoints.reject(context, known);
    } else if (status >= 400 && status < 500) {
      endpoints.reject(
          context,
          StrataException.builder(
                  ErrorKind.INVALID_REQUEST,
                  "The multipart/form-data body could not be read: "
                      + (context.failure() == null
                          ? "it is malformed."
                          : context.failure().getMessage()))
              .code("invalid_multipart")
              .build());
    } else {
      LOG.log(Level.ERROR, "reading an upload failed", context.failure());
      endpoints.reject(context, StrataException.internal("upload failed", context.failure()));
    }
  }

  static StrataException tooLarge(long maxFileBytes) {
    return StrataException.builder(
            ErrorKind.PAYLOAD_TOO_LARGE,
            "The file is larger than this server's limit of " + maxFileBytes + " bytes.")
        .param("file")
        .code("file_too_large")
        .build();
  }

  private static StrataException notMultipart() {
    return StrataException.builder(
            ErrorKind.INVALID_REQUEST,
            "Upload a file as multipart/form-data with the fields 'file' and 'purpose'.")
        .code("invalid_content_type")
        .build();
  }

  static boolean isMultipart(String contentType) {
    return contentType != null
        && contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }
}
