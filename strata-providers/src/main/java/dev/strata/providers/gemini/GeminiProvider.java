package dev.strata.providers.gemini;

import dev.strata.core.json.JsonMappers;
import dev.strata.providers.http.RelayingSink;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.Provider;
import dev.strata.core.provider.StreamSink;
import dev.strata.providers.http.ResponseHeaders;
import dev.strata.providers.http.RetryAfter;
import dev.strata.providers.http.RetryPolicy;
import dev.strata.providers.http.RetryingCaller;
import dev.strata.providers.http.Sleeper;
import dev.strata.providers.http.UpstreamClient;
import dev.strata.providers.http.UpstreamErrors;
import dev.strata.providers.http.UpstreamRequest;
import dev.strata.providers.http.UpstreamResponse;
import dev.strata.providers.http.UpstreamStream;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A {@link Provider} for Google's Gemini API ({@code generateContent}, and {@code
 * streamGenerateContent} with server-sent events). Calls block the calling virtual thread on a
 * pooled Vert.x client; {@code RESOURCE_EXHAUSTED} (429), {@code UNAVAILABLE} (503) and timeouts
 * are retried with jittered backoff, honouring {@code Retry-After} or Google's {@code RetryInfo},
 * before the failure is reported. A stream is retried only while nothing of it has been relayed.
 * Gemini's implicit cache hits are metered as cache reads.
 */
public final class GeminiProvider implements Provider {
  /** Error bodies are read up to this size. */
  static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

  private static final ObjectMapper MAPPER = JsonMappers.create();
  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final GeminiProviderConfig config;
  private final UpstreamClient client;
  private final RetryingCaller retrying;
  private final Clock clock;

  private GeminiProvider(
      GeminiProviderConfig config, UpstreamClient client, RetryingCaller retrying, Clock clock) {
    this.config = config;
    this.client = client;
    this.retrying = retrying;
    this.clock = clock;
  }

  /** A provider whose connections live on {@code vertx}'s event loops; it does not own it. */
  public static GeminiProvider create(Vertx vertx, GeminiProviderConfig config) {
    return create(vertx, config, Sleeper.THREAD, Clock.systemUTC());
  }

  /** As {@link #create(Vertx, GeminiProviderConfig)}, with pauses and clock under control. */
  static GeminiProvider create(
      Vertx vertx, GeminiProviderConfig config, Sleeper sleeper, Clock clock) {
    requireNonNull(vertx, "vertx");
    requireNonNull(config, "config");
    requireNonNull(sleeper, "sleeper");
    requireNonNull(clock, "clock");
    RetryPolicy policy =
        new RetryPolicy(config.maxRetries(), config.initialBackoff(), config.maxBackoff());
    RetryingCaller retrying =
        new RetryingCaller(
            config.name(), policy, sleeper, () -> ThreadLocalRandom.current().nextDouble());
    UpstreamClient client =
        UpstreamClient.create(
            vertx, config.name(), config.connectTimeout(), config.maxConnections());
    return new GeminiProvider(config, client, retrying, clock);
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public ChatResponse converse(ModelCall call) {
    requireNonNull(call, "call");
    UpstreamRequest request =
        request(
            endpoint(call.upstreamModel(), false),
            GenerateContentRequestJson.body(call.request()),
            false);
    return retrying.call(
        () ->
            GenerateContentResponseJson.parse(
                successBody(client.send(request, config.requestTimeout()))));
  }

  @Override
  public ChatResponse converseStream(ModelCall call, StreamSink sink) {
    requireNonNull(call, "call");
    requireNonNull(sink, "sink");
    UpstreamRequest request =
        request(
            endpoint(call.upstreamModel(), true),
            GenerateContentRequestJson.body(call.request()),
            true);
    RelayingSink relay = new RelayingSink(sink);
    try {
      retrying.call(() -> streamOnce(request, relay), relay::hasRelayed);
    } catch (RelayingSink.SinkFailure failure) {
      throw failure.rethrow();
    }
    return relay.answer();
  }

  private Void streamOnce(UpstreamRequest request, RelayingSink relay) {
    Duration headTimeout = config.connectTimeout().plus(config.readTimeout());
    try (UpstreamStream stream = client.open(request, headTimeout, config.readTimeout())) {
      if (stream.status() < 200 || stream.status() > 299) {
        throw statusError(stream.status(), stream.headers(), stream.readRest(MAX_ERROR_BODY_BYTES));
      }
      new StreamedContent(name(), stream, new ContentChunkTranslator(relay)).relay();
      return null;
    } catch (StrataException failure) {
      throw relay.hasRelayed() ? brokenAfterRelaying(failure) : failure;
    }
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "GeminiProvider[" + config.name() + ", " + config.baseUrl() + "]";
  }

  private JsonNode successBody(UpstreamResponse response) {
    if (!response.isSuccess()) {
      throw statusError(response.status(), response.headers(), response.body());
    }
    try {
      JsonNode root = MAPPER.readTree(response.body());
      if (root == null || !root.isObject()) {
        throw UpstreamErrors.malformed(name(), "an answer that is not a JSON object", null);
      }
      return root;
    } catch (IOException e) {
      throw UpstreamErrors.malformed(name(), "an answer that is not JSON", e);
    }
  }

  /** Google answers a refused key with 400 {@code INVALID_ARGUMENT}; it is mapped as a 401. */
  private StrataException statusError(int status, ResponseHeaders headers, byte[] body) {
    GoogleErrorBody error = GoogleErrorBody.parse(body);
    int effective = status == 400 && error.isInvalidKey() ? 401 : status;
    return UpstreamErrors.forStatus(
        name(), effective, error.message(), RetryAfter.from(headers, clock).or(error::retryDelay));
  }

  /**
   * A stream that broke after relaying cannot be retried or fallen back from: an upstream error.
   */
  private static StrataException brokenAfterRelaying(StrataException failure) {
    if (failure.kind() != ErrorKind.UNAVAILABLE) {
      return failure;
    }
    return StrataException.builder(
            ErrorKind.UPSTREAM_ERROR,
            "the streamed answer broke off after it had begun: " + failure.getMessage())
        .cause(failure)
        .build();
  }

  private UpstreamRequest request(URI uri, JsonNode body, boolean stream) {
    Map<String, String> headers = new LinkedHashMap<>(config.extraHeaders());
    headers.put("content-type", "application/json");
    headers.put("accept", stream ? "text/event-stream" : "application/json");
    config.apiKey().ifPresent(key -> headers.put("x-goog-api-key", key));
    try {
      return UpstreamRequest.postJson(uri, headers, MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw StrataException.internal(
          "the request for upstream '" + name() + "' cannot be written", e);
    }
  }

  /** The model method's URI: {@code models/} prefixes are accepted, odd characters are not. */
  URI endpoint(String upstreamModel, boolean stream) {
    String model = upstreamModel.startsWith("models/") ? upstreamModel.substring(7) : upstreamModel;
    if (!MODEL_ID.matcher(model).matches()) {
      throw StrataException.invalid(
          "model", "'" + upstreamModel + "' is not a Gemini model id (letters, digits, . _ -)");
    }
    URI base = config.baseUrl();
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String method = stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
    return URI.create(
        base.getScheme()
            + "://"
            + base.getRawAuthority()
            + path
            + "/v1beta/models/"
            + model
            + method);
  }
}
