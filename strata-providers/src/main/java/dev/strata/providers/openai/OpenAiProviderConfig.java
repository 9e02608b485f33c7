package dev.strata.providers.openai;

import static java.util.Objects.requireNonNull;

import dev.strata.providers.http.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How Strata reaches one OpenAI-compatible upstream. Start from {@link #defaults} and change what
 * differs; every setting is checked when the config is built, and an error names the setting.
 * {@link #toString()} never shows the API key.
 *
 * @param name the provider's configured name, e.g. {@code openai} or {@code vllm}
 * @param baseUrl the API root that {@code /chat/completions} is appended to, e.g. {@code
 *     https://api.openai.com/v1}; a query (Azure's {@code api-version}) is kept
 * @param apiKey sent as {@code Authorization: Bearer <key>}; empty for local servers without keys
 * @param connectTimeout the longest wait for a TCP (and TLS) connection
 * @param readTimeout the longest silence while a streamed answer is arriving, and before it begins
 * @param requestTimeout the longest wait for a whole non-streamed answer, connection included
 * @param maxRetries how many times a throttled, overloaded or timed-out call is tried again
 * @param initialBackoff the pause before the first retry; it doubles per retry, with jitter
 * @param maxBackoff the longest pause; an upstream asking for a longer {@code Retry-After} is not
 *     waited for, and the call fails as rate-limited, carrying the wait
 * @param maxConnections the size of the keep-alive connection pool
 * @param extraHeaders sent with every request, e.g. {@code OpenAI-Organization} or {@code api-key}
 * @param maxTokensField the request field that carries the output token limit
 * @param nativeBatch whether batch jobs for this upstream go to its own Batch API ({@code /files}
 *     and {@code /batches}, billed at its batch price); off for servers without it, such as vLLM
 */
public record OpenAiProviderConfig(
    String name,
    URI baseUrl,
    Optional<String> apiKey,
    Duration connectTimeout,
    Duration readTimeout,
    Duration requestTimeout,
    int maxRetries,
    Duration initialBackoff,
    Duration maxBackoff,
    int maxConnections,
    Map<String, String> extraHeaders,
    MaxTokensField maxTokensField,
    boolean nativeBatch) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);
  public static final int DEFAULT_MAX_RETRIES = 2;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  private static final int MAX_CONNECTIONS_LIMIT = 10_000;

  /** The field that carries the output token limit in a chat request. */
  public enum MaxTokensField {
    /** {@code max_tokens}: accepted by every OpenAI-compatible server (deprecated by OpenAI). */
    MAX_TOKENS("max_tokens"),
    /** {@code max_completion_tokens}: required by OpenAI's reasoning models. */
    MAX_COMPLETION_TOKENS("max_completion_tokens");

    private final String jsonName;

    MaxTokensField(String jsonName) {
      this.jsonName = jsonName;
    }

    public String jsonName() {
      return jsonName;
    }
  }

  public OpenAiProviderConfig {
    requireNonNull(name, "name");
    requireNonNull(baseUrl, "baseUrl");
    requireNonNull(apiKey, "apiKey");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(readTimeout, "readTimeout");
    requireNonNull(requestTimeout, "requestTimeout");
    requireNonNull(initialBackoff, "initialBackoff");
    requireNonNull(maxBackoff, "maxBackoff");
    requireNonNull(maxTokensField, "maxTokensField");
    extraHeaders = Map.copyOf(requireNonNull(extraHeaders, "extraHeaders"));
    if (name.isBlank()) {
      throw new IllegalArgumentException("OpenAI provider: name must not be blank");
    }
    String where = "OpenAI provider '" + name + "': ";
    OpenAiConfigChecks.baseUrl(where, baseUrl);
    apiKey.ifPresent(key -> OpenAiConfigChecks.apiKey(where, key));
    OpenAiConfigChecks.positive(where, "connectTimeout", connectTimeout);
    OpenAiConfigChecks.positive(where, "readTimeout", readTimeout);
    OpenAiConfigChecks.positive(where, "requestTimeout", requestTimeout);
    OpenAiConfigChecks.positive(where, "initialBackoff", initialBackoff);
    if (maxRetries < 0 || maxRetries > RetryPolicy.MAX_RETRIES) {
      throw new IllegalArgumentException(
          where
              + "maxRetries must be between 0 and "
              + RetryPolicy.MAX_RETRIES
              + ", was "
              + maxRetries);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          where
              + "maxBackoff ("
              + maxBackoff
              + ") must not be shorter than initialBackoff ("
              + initialBackoff
              + ")");
    }
    if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS_LIMIT) {
      throw new IllegalArgumentException(
          where
              + "maxConnections must be between 1 and "
              + MAX_CONNECTIONS_LIMIT
              + ", was "
              + maxConnections);
    }
    extraHeaders.forEach(
        (header, value) -> OpenAiConfigChecks.header(where, header, value, apiKey.isPresent()));
  }

  /** The config without the native Batch API. */
  public OpenAiProviderConfig(
      String name,
      URI baseUrl,
      Optional<String> apiKey,
      Duration connectTimeout,
      Duration readTimeout,
      Duration requestTimeout,
      int maxRetries,
      Duration initialBackoff,
      Duration maxBackoff,
      int maxConnections,
      Map<String, String> extraHeaders,
      MaxTokensField maxTokensField) {
    this(
        name,
        baseUrl,
        apiKey,
        connectTimeout,
        readTimeout,
        requestTimeout,
        maxRetries,
        initialBackoff,
        maxBackoff,
        maxConnections,
        extraHeaders,
        maxTokensField,
        false);
  }

  /** The config as the brief's eleven settings give it, with {@code max_tokens}. */
  public OpenAiProviderConfig(
      String name,
      URI baseUrl,
      Optional<String> apiKey,
      Duration connectTimeout,
      Duration readTimeout,
      Duration requestTimeout,
      int maxRetries,
      Duration initialBackoff,
      Duration maxBackoff,
      int maxConnections,
      Map<String, String> extraHeaders) {
    this(
        name,
        baseUrl,
        apiKey,
        connectTimeout,
        readTimeout,
        requestTimeout,
        maxRetries,
        initialBackoff,
        maxBackoff,
        maxConnections,
        extraHeaders,
        MaxTokensField.MAX_TOKENS,
        false);
  }

  /** The default timeouts, retries and pool for an upstream at {@code baseUrl}. */
  public static OpenAiProviderConfig defaults(String name, URI baseUrl, Optional<String> apiKey) {
    return new OpenAiProviderConfig(
        name,
        baseUrl,
        apiKey,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_READ_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_RETRIES,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        DEFAULT_MAX_CONNECTIONS,
        Map.of(),
        MaxTokensField.MAX_TOKENS,
        false);
  }

  public OpenAiProviderConfig withTimeouts(Duration connect, Duration read, Duration request) {
    return new OpenAiProviderConfig(
        name,
        baseUrl,
        apiKey,
        connect,
        read,
        request,
        maxRetries,
        initialBackoff,
        maxBackoff,
        maxConnections,
        extraHeaders,
        maxTokensField,
        nativeBatch);
  }

  public OpenAiProviderConfig withRetries(int retries, Duration initial, Duration max) {
    return new OpenAiProviderConfig(
        name,
        baseUrl,
        apiKey,
        connectTimeout,
        readTimeout,
        requestTimeout,
        retries,
        initial,
        max,
        maxConnections,
        extraHeaders,
        maxTokensField,
        nativeBatch);
  }

  public OpenAiProviderConfig withMaxConnections(int connections) {
    return new OpenAiProviderConfig(
        name,
        baseUrl,
        apiKey,
        connectTimeout,
        readTimeout,
        requestTimeout,
        maxRetries,
        initialBackoff,
        maxBackoff,
        connections,
        extraHeaders,
        maxTokensField,
        nativeBatch);
  }

  public OpenAiProviderConfig withExtraHeaders(Map<String, String> headers) {
    return new OpenAiProviderConfig(
        name,
        baseUrl,
        apiKey,
        connectTimeout,
        readTimeout,
        requestTimeout,
        maxRetries,
        initialBackoff,
        maxBackoff,
        maxConnections,
        headers,
        maxTokensField,
        nativeBatch);
  }

  public OpenAiProviderConfig withMaxTokensField(MaxTokensField field) {
    return new OpenAiProviderConfig(
        name,
        baseUrl,
        apiKey,
        connectTimeout,
        readTimeout,
        requestTimeout,
        maxRetries,
        initialBackoff,
        maxBackoff,
        maxConnections,
        extraHeaders,
        field,
        nativeBatch);
  }

  /** Sends batch jobs to the upstream's own Batch API, or (with false) runs them on demand. */
  public OpenAiProviderConfig withNativeBatch(boolean enabled) {
    return new OpenAiProviderConfig(
        name,
        baseUrl,
        apiKey,
        connectTimeout,
        readTimeout,
        requestTimeout,
        maxRetries,
        initialBackoff,
        maxBackoff,
        maxConnections,
        extraHeaders,
        maxTokensField,
        enabled);
  }

  /** Shows every setting but the API key and the values of extra headers, which may hold keys. */
  @Override
  public String toString() {
    return "OpenAiProviderConfig[name="
        + name
        + ", baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey.isPresent() ? "(set)" : "(none)")
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", maxRetries="
        + maxRetries
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + ", maxConnections="
        + maxConnections
        + ", extraHeaders="
        + extraHeaders.keySet()
        + ", maxTokensField="
        + maxTokensField
        + ", nativeBatch="
        + nativeBatch
        + "]";
  }
}
