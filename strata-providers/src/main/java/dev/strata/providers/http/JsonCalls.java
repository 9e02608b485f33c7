package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The calls of an upstream's JSON control API, such as its batch and file endpoints: each sent with
 * the upstream's headers under a timeout, retried under its policy, and failures mapped onto {@link
 * StrataException} kinds — a 404 as {@code NOT_FOUND} naming what was not found.
 */
public final class JsonCalls {
  /**
   * The code of a failure after which the upstream may or may not have carried the request out,
   * because its answer was lost.
   */
  public static final String OUTCOME_UNKNOWN = "upstream_outcome_unknown";

  /** Error bodies are read up to this size. */
  static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

  private static final System.Logger LOG = System.getLogger(JsonCalls.class.getName());
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private final String upstream;
  private final UpstreamClient client;
  private final RetryingCaller retrying;
  private final Clock clock;
  private final Timeouts timeouts;
  private final Map<String, String> headers;
  private final Function<byte[], String> errorMessage;

  /**
   * The timeouts of the calls.
   *
   * @param connect the longest wait for a connection
   * @param read the longest silence while a downloaded body is arriving, and before it begins
   * @param request the longest wait for a whole answer, connection included
   */
  public record Timeouts(Duration connect, Duration read, Duration request) {
    public Timeouts {
      requireNonNull(connect, "connect");
      requireNonNull(read, "read");
      requireNonNull(request, "request");
    }
  }

  /**
   * @param headers sent with every call (keys, API versions); content type and accept are set per
   *     call
   * @param errorMessage finds the upstream's own message in an error body
   */
  public JsonCalls(
      String upstream,
      UpstreamClient client,
      RetryingCaller retrying,
      Clock clock,
      Timeouts timeouts,
      Map<String, String> headers,
      Function<byte[], String> errorMessage) {
    this.upstream = requireNonNull(upstream, "upstream");
    this.client = requireNonNull(client, "client");
    this.retrying = requireNonNull(retrying, "retrying");
    this.clock = requireNonNull(clock, "clock");
    this.timeouts = requireNonNull(timeouts, "timeouts");
    this.headers = Map.copyOf(requireNonNull(headers, "headers"));
    this.errorMessage = requireNonNull(errorMessage, "errorMessage");
  }

  /** {@code GET uri}: the JSON object answered; {@code what} names the resource for a 404. */
  public JsonNode get(URI uri, String what) {
    UpstreamRequest request = request("GET", uri, null, "application/json", new byte[0]);
    return retrying.call(() -> json(send(request), what));
  }

  /** {@code POST uri} of a JSON body: the JSON object answered. */
  public JsonNode post(URI uri, JsonNode body, String what) {
    return post(uri, bytes(body), "application/json", what);
  }

  /** {@code POST uri} of a body of any type: the JSON object answered. */
  public JsonNode post(URI uri, byte[] body, String contentType, String what) {
    UpstreamRequest request = request("POST", uri, contentType, "application/json", body);
    return retrying.call(() -> json(send(request), what));
  }

  /**
   * {@code POST uri} of a JSON body that must not be repeated once it may have reached the
   * upstream, such as creating something that is paid for: it is retried after throttling, overload
   * or a refused connection, never after a lost answer, which fails with code {@link
   * #OUTCOME_UNKNOWN}.
   */
  public JsonNode postOnce(URI uri, JsonNode body, String what) {
    return postOnce(uri, bytes(body), "application/json", what);
  }

  /** As {@link #postOnce(URI, JsonNode, String)}, for a body already written. */
  public JsonNode postOnce(URI uri, byte[] body, String contentType, String what) {
    UpstreamRequest request = request("POST", uri, contentType, "application/json", body);
    return retrying.call(() -> json(sendOnce(request), what));
  }

  /**
   * {@code GET uri} of a JSON-lines file, each line added to a fresh {@code T} as it arrives; a
   * download that breaks is retried from the start with a new {@code T}.
   */
  public <T> T readLines(
      URI uri,
      String what,
      JsonLinesDownload lines,
      Supplier<T> fresh,
      BiConsumer<T, JsonNode> add) {
    UpstreamRequest request = request("GET", uri, null, "*/*", new byte[0]);
    return retrying.call(
        () -> {
          T into = fresh.get();
          download(request, what, lines, into, add);
          return into;
        });
  }

  /** {@code DELETE uri}, once; a failure is only logged, for the caller is already failing. */
  public void deleteQuietly(URI uri) {
    try {
      UpstreamResponse response =
          send(request("DELETE", uri, null, "application/json", new byte[0]));
      if (!response.isSuccess()) {
        LOG.log(
            System.Logger.Level.WARNING,
            "upstream '" + upstream + "' did not delete " + uri + ": HTTP " + response.status());
      }
    } catch (StrataException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "upstream '" + upstream + "' did not delete " + uri + ": " + e.getMessage());
    }
  }

  private <T> void download(
      UpstreamRequest request,
      String what,
      JsonLinesDownload lines,
      T into,
      BiConsumer<T, JsonNode> add) {
    Duration headTimeout = timeouts.connect().plus(timeouts.read());
    try (UpstreamStream stream = client.open(request, headTimeout, timeouts.read())) {
      if (stream.status() < 200 || stream.status() > 299) {
        throw statusError(
            stream.status(), stream.headers(), stream.readRest(MAX_ERROR_BODY_BYTES), what);
      }
      lines.read(stream, line -> add.accept(into, line));
    }
  }

  private UpstreamResponse send(UpstreamRequest request) {
    return client.send(request, timeouts.request());
  }

  private UpstreamResponse sendOnce(UpstreamRequest request) {
    try {
      return send(request);
    } catch (StrataException lost) {
      if (!lost.isRetryable() || neverConnected(lost)) {
        throw lost;
      }
      throw StrataException.builder(
              lost.kind(),
              lost.getMessage()
                  + "; it may have been carried out all the same, so it is not sent again")
          .retryable(false)
          .code(OUTCOME_UNKNOWN)
          .cause(lost)
          .build();
    }
  }

  private static boolean neverConnected(StrataException failure) {
    Throwable cause = failure.getCause();
    return cause instanceof ConnectException
        || cause instanceof io.netty.channel.ConnectTimeoutException;
  }

  private JsonNode json(UpstreamResponse response, String what) {
    if (!response.isSuccess()) {
      throw statusError(response.status(), response.headers(), response.body(), what);
    }
    try {
      JsonNode root = MAPPER.readTree(response.body());
      if (root == null || !root.isObject()) {
        throw UpstreamErrors.malformed(upstream, "an answer that is not a JSON object", null);
      }
      return root;
    } catch (IOException e) {
      throw UpstreamErrors.malformed(upstream, "an answer that is not JSON", e);
    }
  }

  private StrataException statusError(
      int status, ResponseHeaders responseHeaders, byte[] body, String what) {
    if (status == 404) {
      return StrataException.builder(
              ErrorKind.NOT_FOUND,
              "upstream '"
                  + upstream
                  + "' does not know "
                  + what
                  + ": "
                  + UpstreamErrors.quote(errorMessage.apply(body)))
          .build();
    }
    return UpstreamErrors.forStatus(
        upstream, status, errorMessage.apply(body), RetryAfter.from(responseHeaders, clock));
  }

  private UpstreamRequest request(
      String method, URI uri, String contentType, String accept, byte[] body) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (contentType != null) {
      all.put("content-type", contentType);
    }
    all.put("accept", accept);
    return new UpstreamRequest(method, uri, all, body);
  }

  private static byte[] bytes(JsonNode body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw StrataException.internal("a request body cannot be written", e);
    }
  }

  /** Shows the upstream, never the headers, which hold keys. */
  @Override
  public String toString() {
    return "JsonCalls[" + upstream + "]";
  }
}
