package dev.strata.providers.anthropic;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How Strata reaches Anthropic's Messages API (or a server that speaks it). Start from {@link
 * #defaults} and change what differs; every setting is checked when the config is built, and an
 * error names the setting. {@link #toString()} never shows the API key.
 *
 * @param name the provider's configured name, e.g. {@code anthropic}
 * @param baseUrl the API root that {@code /v1/messages} is appended to, {@link #DEFAULT_BASE_URL}
 *     by default
 * @param apiKey sent as {@code x-api-key}
 * @param connectTimeout the longest wait for a TCP (and TLS) connection
 * @param readTimeout the longest silence while a streamed answer is arriving, and before it begins
 * @param requestTimeout the longest wait for a whole non-streamed answer, connection included
 * @param maxRetries how many times a throttled, overloaded or timed-out call is tried again
 * @param initialBackoff the pause before the first retry; it doubles per retry, with jitter
 * @param maxBackoff the longest pause; a longer {@code Retry-After} is not waited for
 * @param maxConnections the size of the keep-alive connection pool
 * @param defaultMaxTokens the {@code max_tokens} sent when the request sets none (Anthropic
 *     requires one)
 * @param extraHeaders sent with every request, e.g. {@code anthropic-beta}
 * @param nativeBatch whether batch jobs for this upstream go to its Message Batches API ({@code
 *     /v1/messages/batches}, billed at its batch price)
 */
public record AnthropicProviderConfig(
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
    int defaultMaxTokens,
    Map<String, String> extraHeaders,
    boolean nativeBatch) {

  public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");

  /** The API version Strata speaks, sent as {@code anthropic-version}. */
  public static final String ANTHROPIC_VERSION = "2023-06-01";

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);
  public static final int DEFAULT_MAX_RETRIES = 2;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONNECTIONS = 64;
  public static final int DEFAULT_MAX_TOKENS = 4096;

  public AnthropicProviderConfig {
    requireNonNull(name, "name");
    requireNonNull(baseUrl, "baseUrl");
    requireNonNull(apiKey, "apiKey");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(readTimeout, "readTimeout");
    requireNonNull(requestTimeout, "requestTimeout");
    requireNonNull(initialBackoff, "initialBackoff");
    requireNonNull(maxBackoff, "maxBackoff");
    extraHeaders = Map.copyOf(requireNonNull(extraHeaders, "extraHeaders"));
    if (name.isBlank()) {
      throw new IllegalArgumentException("Anthropic provider: name must not be blank");
    }
    String where = "Anthropic provider '" + name + "': ";
    ConfigChecks.baseUrl(where, baseUrl);
    ConfigChecks.apiKey(where, apiKey);
    ConfigChecks.positive(where, "connectTimeout", connectTimeout);
    ConfigChecks.positive(where, "readTimeout", readTimeout);
    ConfigChecks.positive(where, "requestTimeout", requestTimeout);
    ConfigChecks.retries(where, maxRetries, initialBackoff, maxBackoff);
    ConfigChecks.connections(where, maxConnections);
    if (defaultMaxTokens < 1) {
      throw new IllegalArgumentException(
          where + "defaultMaxTokens must be positive, was " + defaultMaxTokens);
    }
    ConfigChecks.headers(where, extraHeaders);
  }

  /** The config without the Message Batches API. */
  public AnthropicProviderConfig(
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
      int defaultMaxTokens,
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
        defaultMaxTokens,
        extraHeaders,
        false);
  }

  /** The default timeouts, retries and pool for Anthropic's own API. */
  public static AnthropicProviderConfig defaults(String name, Optional<String> apiKey) {
    return defaults(name, DEFAULT_BASE_URL, apiKey);
  }

  /** The default timeouts, retries and pool for a Messages API at {@code baseUrl}. */
  public static AnthropicProviderConfig defaults(
      String name, URI baseUrl, Optional<String> apiKey) {
    return new AnthropicProviderConfig(
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
        DEFAULT_MAX_TOKENS,
        Map.of(),
        false);
  }

  public AnthropicProviderConfig withTimeouts(Duration connect, Duration read, Duration request) {
    return new AnthropicProviderConfig(
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
        defaultMaxTokens,
        extraHeaders,
        nativeBatch);
  }

  public AnthropicProviderConfig withRetries(int retries, Duration initial, Duration max) {
    return new AnthropicProviderConfig(
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
        defaultMaxTokens,
        extraHeaders,
        nativeBatch);
  }

  public AnthropicProviderConfig withMaxConnections(int connections) {
    return new AnthropicProviderConfig(
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
        defaultMaxTokens,
        extraHeaders,
        nativeBatch);
  }

  public AnthropicProviderConfig withDefaultMaxTokens(int tokens) {
    return new AnthropicProviderConfig(
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
        tokens,
        extraHeaders,
        nativeBatch);
  }

  public AnthropicProviderConfig withExtraHeaders(Map<String, String> headers) {
    return new AnthropicProviderConfig(
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
        defaultMaxTokens,
        headers,
        nativeBatch);
  }

  /** Sends batch jobs to the Message Batches API, or (with false) runs them on demand. */
  public AnthropicProviderConfig withNativeBatch(boolean enabled) {
    return new AnthropicProviderConfig(
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
        defaultMaxTokens,
        extraHeaders,
        enabled);
  }

  /** Shows every setting but the API key and the values of extra headers. */
  @Override
  public String toString() {
    return "AnthropicProviderConfig[name="
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
        + ", defaultMaxTokens="
        + defaultMaxTokens
        + ", extraHeaders="
        + extraHeaders.keySet()
        + ", nativeBatch="
        + nativeBatch
        + "]";
  }
}
