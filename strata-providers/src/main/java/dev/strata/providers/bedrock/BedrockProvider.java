package dev.strata.providers.bedrock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.Provider;
import dev.strata.core.provider.StreamSink;
import dev.strata.providers.aws.SigV4Signer;
import dev.strata.providers.http.RelayingSink;
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
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link Provider} for Amazon Bedrock's Converse and ConverseStream APIs over Strata's own pooled
 * Vert.x client, each request signed with SigV4 ({@code bedrock}, the configured region). A
 * streamed answer is decoded from its event-stream frames and relayed event by event on the
 * calling thread. Throttled, unavailable and timed-out calls are retried with jittered backoff
 * (honouring {@code Retry-After}), a stream only while nothing of it has been relayed. The AWS SDK
 * is used only to find the credentials.
 */
public final class BedrockProvider implements Provider {
  static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** Error bodies are read up to this size. */
  static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

  static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

  /** Decimals in tool inputs are kept as written ({@code 1.50} stays {@code 1.50}). */
  private static final ObjectMapper MAPPER =
      JsonMappers.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private final BedrockProviderConfig config;
  private final UpstreamClient client;
  private final RetryingCaller retrying;
  private final BedrockCredentials credentials;
  private final SigV4Signer signer;
  private final ConverseUris uris;
  private final Clock clock;

  private BedrockProvider(
      BedrockProviderConfig config,
      UpstreamClient client,
      RetryingCaller retrying,
      BedrockCredentials credentials,
      Clock clock) {
    this.config = config;
    this.client = client;
    this.retrying = retrying;
    this.credentials = credentials;
    this.signer = new SigV4Signer("bedrock", config.region(), clock);
    this.uris = ConverseUris.of(config);
    this.clock = clock;
  }

  /** A provider whose connections live on {@code vertx}'s event loops; it does not own it. */
  public static BedrockProvider create(Vertx vertx, BedrockProviderConfig config) {
    return create(vertx, config, Sleeper.THREAD, Clock.systemUTC());
  }

  /** As {@link #create(Vertx, BedrockProviderConfig)}, with pauses and clock under control. */
  static BedrockProvider create(
      Vertx vertx, BedrockProviderConfig config, Sleeper sleeper, Clock clock) {
    requireNonNull(vertx, "vertx");
    requireNonNull(config, "config");
    requireNonNull(sleeper, "sleeper");
    requireNonNull(clock, "clock");
    RetryingCaller retrying =
        new RetryingCaller(
            config.name(),
            new RetryPolicy(config.maxRetries(), INITIAL_BACKOFF, MAX_BACKOFF),
            sleeper,
            () -> ThreadLocalRandom.current().nextDouble());
    BedrockCredentials credentials = BedrockCredentials.of(config);
    UpstreamClient client =
        UpstreamClient.create(
            vertx, config.name(), config.connectTimeout(), config.maxConnections());
    return new BedrockProvider(config, client, retrying, credentials, clock);
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public ChatResponse converse(ModelCall call) {
    requireNonNull(call, "call");
    byte[] body = ConverseRequestJson.body(call);
    URI uri = uris.converse(call.upstreamModel());
    return retrying.call(
        () ->
            ConverseResponseJson.response(
                successBody(
                    client.send(signed(uri, body, "application/json"), config.requestTimeout()))));
  }

  @Override
  public ChatResponse converseStream(ModelCall call, StreamSink sink) {
    requireNonNull(call, "call");
    requireNonNull(sink, "sink");
    byte[] body = ConverseRequestJson.body(call);
    URI uri = uris.converseStream(call.upstreamModel());
    RelayingSink relay = new RelayingSink(sink);
    try {
      retrying.call(() -> streamOnce(uri, body, relay), relay::hasRelayed);
    } catch (RelayingSink.SinkFailure failure) {
      throw failure.rethrow();
    }
    return relay.answer();
  }

  private Void streamOnce(URI uri, byte[] body, RelayingSink relay) {
    Duration headTimeout = config.connectTimeout().plus(config.readTimeout());
    try (UpstreamStream stream =
        client.open(signed(uri, body, EVENT_STREAM), headTimeout, config.readTimeout())) {
      if (stream.status() < 200 || stream.status() > 299) {
        throw BedrockErrors.forStatus(
            name(),
            stream.status(),
            stream.headers(),
            stream.readRest(MAX_ERROR_BODY_BYTES),
            clock);
      }
      new ConverseEventStream(name(), stream, relay).relay();
      return null;
    } catch (StrataException failure) {
      throw relay.hasRelayed() ? brokenAfterRelaying(failure) : failure;
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      credentials.close();
    }
  }

  @Override
  public String toString() {
    return "BedrockProvider["
        + config.name()
        + ", "
        + config.region()
        + config.endpointOverride().map(uri -> ", " + uri).orElse("")
        + "]";
  }

  /** A request signed with the credentials of the moment (temporary ones are refreshed). */
  private UpstreamRequest signed(URI uri, byte[] body, String accept) {
    UpstreamRequest request =
        UpstreamRequest.postJson(
            uri, Map.of("content-type", "application/json", "accept", accept), body);
    return signer.sign(request, credentials.resolve());
  }

  private JsonNode successBody(UpstreamResponse response) {
    if (!response.isSuccess()) {
      throw BedrockErrors.forStatus(
          name(), response.status(), response.headers(), response.body(), clock);
    }
    return response.jsonObject(name(), MAPPER);
  }

  /** A stream that broke after relaying cannot be retried or fallen back from. */
  private static StrataException brokenAfterRelaying(StrataException failure) {
    return StrataException.builder(
            failure.kind() == ErrorKind.UNAVAILABLE ? ErrorKind.UPSTREAM_ERROR : failure.kind(),
            "the streamed answer broke off after it had begun: " + failure.getMessage())
        .retryable(false)
        .cause(failure)
        .build();
  }
}
