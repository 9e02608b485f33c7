package dev.strata.providers.gemini;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How Strata reaches Google's Gemini API (Google AI Studio's {@code generativelanguage} endpoint).
 * Start from {@link #defaults} and change what differs; every setting is checked when the config is
 * built, and an error names the setting. {@link #toString()} never shows the API key.
 *
 * @param name the provider's configured name, e.g. {@code gemini}
 * @param baseUrl the API root that {@code /v1beta/models/{model}:generateContent} is appended to,
 *     {@link #DEFAULT_BASE_URL} by default
 * @param apiKey sent as {@code x-goog-api-key}
 * @param connectTimeout the longest wait for a TCP (and TLS) connection
 * @param readTimeout the longest silence while a streamed answer is arriving, and before it begins
 * @param requestTimeout the longest wait for a whole non-streamed answer, connection included
 * @param maxRetries how many times a throttled, overloaded or timed-out call is tried again
 * @param initialBackoff the pause before the first retry; it doubles per retry, with jitter
 * @param maxBackoff the longest pause; a longer {@code Retry-After} is not waited for
 * @param maxConnections the size of the keep-alive connection pool
 * @param extraHeaders sent with every request
 */
public record GeminiProviderConfig(
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

  public static final URI DEFAULT_BASE_URL =
      URI.create("https://generativelanguage.googleapis.com");

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);
  public static final int DEFAULT_MAX_RETRIES = 2;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  public GeminiProviderConfig {
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
      throw new IllegalArgumentException("Gemini provider: name must not be blank");
    }
    String where = "Gemini provider '" + name + "': ";
    ConfigChecks.baseUrl(where, baseUrl);
    ConfigChecks.apiKey(where, apiKey);
    ConfigChecks.positive(where, "connectTimeout", connectTimeout);
    ConfigChecks.positive(where, "readTimeout", readTimeout);
    ConfigChecks.positive(where, "requestTimeout", requestTimeout);
    ConfigChecks.retries(where, maxRetries, initialBackoff, maxBackoff);
    ConfigChecks.connections(where, maxConnections);
    ConfigChecks.headers(where, extraHeaders);
  }

  /** The default timeouts, retries and pool for Google's own endpoint. */
  public static GeminiProviderConfig defaults(String name, Optional<String> apiKey) {
    return defaults(name, DEFAULT_BASE_URL, apiKey);
  }

  /** The default timeouts, retries and pool for a Gemini API at {@code baseUrl}. */
  public static GeminiProviderConfig defaults(String name, URI baseUrl, Optional<String> apiKey) {
    return new GeminiProviderConfig(
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
        Map.of());
  }

  public GeminiProviderConfig withTimeouts(Duration connect, Duration read, Duration request) {
    return new GeminiProviderConfig(
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
        extraHeaders);
  }

  public GeminiProviderConfig withRetries(int retries, Duration initial, Duration max) {
    return new GeminiProviderConfig(
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
        extraHeaders);
  }

  public GeminiProviderConfig withMaxConnections(int connections) {
    return new GeminiProviderConfig(
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
        extraHeaders);
  }

  public GeminiProviderConfig withExtraHeaders(Map<String, String> headers) {
    return new GeminiProviderConfig(
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
        headers);
  }

  /** Shows every setting but the API key and the values of extra headers. */
  @Override
  public String toString() {
    return "GeminiProviderConfig[name="
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
        + "]";
  }
}
