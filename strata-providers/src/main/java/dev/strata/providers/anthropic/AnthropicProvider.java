package dev.strata.providers.anthropic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.NativeBatches;
import dev.strata.core.provider.Provider;
import dev.strata.core.provider.StreamSink;
import dev.strata.providers.http.JsonCalls;
import dev.strata.providers.http.RelayingSink;
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
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link Provider} for Anthropic's Messages API. Calls block the calling virtual thread on a
 * pooled Vert.x client; throttling (429), overload (529) and other server errors and timeouts are
 * retried with jittered backoff (honouring {@code Retry-After}) before the failure is reported. A
 * stream is retried only while nothing of it has been relayed. Cache points become {@code
 * cache_control} marks, and Anthropic's cache reads and writes (by time to live) are metered.
 */
public final class AnthropicProvider implements Provider {
  /** Error bodies are read up to this size. */
  static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

  /** How long to wait for the end of the body after {@code message_stop}. */
  static final Duration AFTER_STOP_GRACE = Duration.ofSeconds(1);

  private static final ObjectMapper MAPPER = JsonMappers.create();

  private final AnthropicProviderConfig config;
  private final UpstreamClient client;
  private final RetryingCaller retrying;
  private final Clock clock;
  private final URI messagesUri;
  private final Optional<NativeBatches> nativeBatches;

  private AnthropicProvider(
      AnthropicProviderConfig config, UpstreamClient client, RetryingCaller retrying, Clock clock) {
    this.config = config;
    this.client = client;
    this.retrying = retrying;
    this.clock = clock;
    this.messagesUri = endpoint(config.baseUrl());
    this.nativeBatches =
        config.nativeBatch()
            ? Optional.of(
                new AnthropicNativeBatches(config, jsonCalls(config, client, retrying, clock)))
            : Optional.empty();
  }

  /** A provider whose connections live on {@code vertx}'s event loops; it does not own it. */
  public static AnthropicProvider create(Vertx vertx, AnthropicProviderConfig config) {
    return create(vertx, config, Sleeper.THREAD, Clock.systemUTC());
  }

  /** As {@link #create(Vertx, AnthropicProviderConfig)}, with pauses and clock under control. */
  static AnthropicProvider create(
      Vertx vertx, AnthropicProviderConfig config, Sleeper sleeper, Clock clock) {
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
    return new AnthropicProvider(config, client, retrying, clock);
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public ChatResponse converse(ModelCall call) {
    requireNonNull(call, "call");
    UpstreamRequest request =
        request(MessagesRequestJson.body(call, false, config.defaultMaxTokens()), false);
    return retrying.call(
        () ->
            MessagesResponseJson.parse(
                name(), successBody(client.send(request, config.requestTimeout()))));
  }

  @Override
  public ChatResponse converseStream(ModelCall call, StreamSink sink) {
    requireNonNull(call, "call");
    requireNonNull(sink, "sink");
    UpstreamRequest request =
        request(MessagesRequestJson.body(call, true, config.defaultMaxTokens()), true);
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
      new StreamedMessage(name(), stream, new MessageEventTranslator(relay)).relay();
      stream.awaitEnd(AFTER_STOP_GRACE);
      return null;
    } catch (StrataException failure) {
      throw relay.hasRelayed() ? brokenAfterRelaying(failure) : failure;
    }
  }

  /** The Message Batches API, when the config turns it on ({@code nativeBatch}). */
  @Override
  public Optional<NativeBatches> nativeBatches() {
    return nativeBatches;
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "AnthropicProvider[" + config.name() + ", " + config.baseUrl() + "]";
  }

  private JsonNode successBody(UpstreamResponse response) {
    if (!response.isSuccess()) {
      throw statusError(response.status(), response.headers(), response.body());
    }
    return response.jsonObject(name(), MAPPER);
  }

  private StrataException statusError(int status, ResponseHeaders headers, byte[] body) {
    return UpstreamErrors.forStatus(
        name(), status, AnthropicErrorBody.message(body), RetryAfter.from(headers, clock));
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

  private UpstreamRequest request(JsonNode body, boolean stream) {
    Map<String, String> headers = new LinkedHashMap<>(config.extraHeaders());
    headers.put("content-type", "application/json");
    headers.put("accept", stream ? "text/event-stream" : "application/json");
    headers.put("anthropic-version", AnthropicProviderConfig.ANTHROPIC_VERSION);
    config.apiKey().ifPresent(key -> headers.put("x-api-key", key));
    try {
      return UpstreamRequest.postJson(messagesUri, headers, MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw StrataException.internal(
          "the request for upstream '" + name() + "' cannot be written", e);
    }
  }

  /** The Message Batches API's calls, with the provider's key, headers and timeouts. */
  private static JsonCalls jsonCalls(
      AnthropicProviderConfig config, UpstreamClient client, RetryingCaller retrying, Clock clock) {
    Map<String, String> headers = new LinkedHashMap<>(config.extraHeaders());
    headers.put("anthropic-version", AnthropicProviderConfig.ANTHROPIC_VERSION);
    config.apiKey().ifPresent(key -> headers.put("x-api-key", key));
    return new JsonCalls(
        config.name(),
        client,
        retrying,
        clock,
        new JsonCalls.Timeouts(
            config.connectTimeout(), config.readTimeout(), config.requestTimeout()),
        headers,
        AnthropicErrorBody::message);
  }

  /** {@code base}'s path with {@code /v1/messages} appended. */
  static URI endpoint(URI base) {
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + "/v1/messages");
  }
}
