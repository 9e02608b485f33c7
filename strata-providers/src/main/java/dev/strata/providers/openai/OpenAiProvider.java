package dev.strata.providers.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.EmbeddingRequest;
import dev.strata.core.model.EmbeddingResponse;
import dev.strata.core.provider.EmbeddingProvider;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.NativeBatches;
import dev.strata.core.provider.Provider;
import dev.strata.core.provider.StreamSink;
import dev.strata.core.tokens.OpenAiTokenCounters;
import dev.strata.core.tokens.TokenCounter;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link Provider} for any upstream that speaks OpenAI's chat-completions API. Calls block the
 * calling virtual thread on a pooled Vert.x client; throttling, overload and timeouts are retried
 * with jittered backoff (honouring {@code Retry-After}) before the failure is reported with a kind
 * that lets the request path fall back to another model. A stream is retried only while nothing of
 * it has been relayed. Cache points are dropped: OpenAI (and vLLM's prefix caching) cache prompt
 * prefixes automatically, and OpenAI reports what was read from its cache in the usage.
 */
public final class OpenAiProvider implements Provider {
  /** Error bodies are read up to this size; the rest is not worth holding. */
  static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

  /** How long to wait for the end of the body after {@code [DONE]}, so the connection is reused. */
  static final Duration AFTER_DONE_GRACE = Duration.ofSeconds(1);

  private static final ObjectMapper MAPPER = JsonMappers.create();

  private final OpenAiProviderConfig config;
  private final UpstreamClient client;
  private final RetryingCaller retrying;
  private final Clock clock;
  private final URI chatUri;
  private final URI embeddingsUri;
  private final Optional<NativeBatches> nativeBatches;

  private OpenAiProvider(
      OpenAiProviderConfig config, UpstreamClient client, RetryingCaller retrying, Clock clock) {
    this.config = config;
    this.client = client;
    this.retrying = retrying;
    this.clock = clock;
    this.chatUri = endpoint(config.baseUrl(), "chat/completions");
    this.embeddingsUri = endpoint(config.baseUrl(), "embeddings");
    this.nativeBatches =
        config.nativeBatch()
            ? Optional.of(
                new OpenAiNativeBatches(config, jsonCalls(config, client, retrying, clock)))
            : Optional.empty();
  }

  /**
   * A provider whose connections live on {@code vertx}'s event loops; it does not own {@code
   * vertx}.
   */
  public static OpenAiProvider create(Vertx vertx, OpenAiProviderConfig config) {
    return create(vertx, config, Sleeper.THREAD, Clock.systemUTC());
  }

  /**
   * As {@link #create(Vertx, OpenAiProviderConfig)}, with the pauses and the clock under control.
   */
  static OpenAiProvider create(
      Vertx vertx, OpenAiProviderConfig config, Sleeper sleeper, Clock clock) {
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
    return new OpenAiProvider(config, client, retrying, clock);
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public ChatResponse converse(ModelCall call) {
    requireNonNull(call, "call");
    UpstreamRequest request =
        request(chatUri, ChatRequestJson.body(call, false, config.maxTokensField()), false);
    return retrying.call(
        () ->
            ChatResponseJson.parse(
                name(), successBody(client.send(request, config.requestTimeout()))));
  }

  @Override
  public ChatResponse converseStream(ModelCall call, StreamSink sink) {
    requireNonNull(call, "call");
    requireNonNull(sink, "sink");
    UpstreamRequest request =
        request(chatUri, ChatRequestJson.body(call, true, config.maxTokensField()), true);
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
      new StreamedChat(name(), stream, new ChunkTranslator(relay)).relay();
      stream.awaitEnd(AFTER_DONE_GRACE);
      return null;
    } catch (StrataException failure) {
      throw relay.hasRelayed() ? brokenAfterRelaying(failure) : failure;
    }
  }

  @Override
  public Optional<EmbeddingProvider> embeddings() {
    return Optional.of(this::embed);
  }

  private EmbeddingResponse embed(EmbeddingRequest embedding) {
    requireNonNull(embedding, "embedding");
    UpstreamRequest request = request(embeddingsUri, OpenAiEmbeddings.body(embedding), false);
    return retrying.call(
        () ->
            OpenAiEmbeddings.parse(
                name(),
                successBody(client.send(request, config.requestTimeout())),
                embedding.inputs().size()));
  }

  /** OpenAI's Batch API, when the config turns it on ({@code nativeBatch}). */
  @Override
  public Optional<NativeBatches> nativeBatches() {
    return nativeBatches;
  }

  /** The exact tokenizer for OpenAI's models; for other vendors' models an estimate. */
  @Override
  public Optional<TokenCounter> tokenCounter(String upstreamModel) {
    return Optional.of(OpenAiTokenCounters.forModel(upstreamModel));
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "OpenAiProvider[" + config.name() + ", " + config.baseUrl() + "]";
  }

  private JsonNode successBody(UpstreamResponse response) {
    if (!response.isSuccess()) {
      throw statusError(response.status(), response.headers(), response.body());
    }
    return response.jsonObject(name(), MAPPER);
  }

  private StrataException statusError(int status, ResponseHeaders headers, byte[] body) {
    return UpstreamErrors.forStatus(
        name(), status, OpenAiErrorBody.message(body), RetryAfter.from(headers, clock));
  }

  /**
   * A stream that broke after relaying cannot be retried or fallen back from: an upstream error.
   */
  private StrataException brokenAfterRelaying(StrataException failure) {
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
    config.apiKey().ifPresent(key -> headers.put("authorization", "Bearer " + key));
    try {
      return UpstreamRequest.postJson(uri, headers, MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw StrataException.internal(
          "the request for upstream '" + name() + "' cannot be written", e);
    }
  }

  /** The Files and Batches APIs' calls, with the provider's key, headers and timeouts. */
  private static JsonCalls jsonCalls(
      OpenAiProviderConfig config, UpstreamClient client, RetryingCaller retrying, Clock clock) {
    Map<String, String> headers = new LinkedHashMap<>(config.extraHeaders());
    config.apiKey().ifPresent(key -> headers.put("authorization", "Bearer " + key));
    return new JsonCalls(
        config.name(),
        client,
        retrying,
        clock,
        new JsonCalls.Timeouts(
            config.connectTimeout(), config.readTimeout(), config.requestTimeout()),
        headers,
        OpenAiErrorBody::message);
  }

  /** {@code base}'s path with {@code path} appended; its query (Azure's api-version) is kept. */
  static URI endpoint(URI base, String path) {
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    while (basePath.endsWith("/")) {
      basePath = basePath.substring(0, basePath.length() - 1);
    }
    String query = base.getRawQuery() == null ? "" : "?" + base.getRawQuery();
    String scheme = base.getScheme().toLowerCase(Locale.ROOT);
    return URI.create(scheme + "://" + base.getRawAuthority() + basePath + "/" + path + query);
  }
}
