package dev.strata.providers.bedrock;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How Strata reaches Amazon Bedrock's runtime. Static credentials are used when both keys are set,
 * the SDK's default credentials chain when neither is; every setting is checked when the config is
 * built, and {@link #toString()} never shows the secret.
 *
 * @param name the provider's configured name, e.g. {@code bedrock}
 * @param region the AWS region, e.g. {@code us-east-1}; it is part of the SigV4 signature
 * @param endpointOverride a Bedrock-compatible endpoint to call instead of AWS's
 * @param accessKeyId the access key id of static credentials
 * @param secretAccessKey the secret access key of static credentials
 * @param connectTimeout the longest wait for a TCP (and TLS) connection
 * @param readTimeout the longest silence while a streamed answer is arriving, and before it begins
 * @param requestTimeout the longest wait for a whole non-streamed answer, connection included
 * @param maxRetries how many times a throttled, unavailable or timed-out call is tried again
 * @param maxConnections the size of the keep-alive connection pool
 */
public record BedrockProviderConfig(
    String name,
    String region,
    Optional<URI> endpointOverride,
    Optional<String> accessKeyId,
    Optional<String> secretAccessKey,
    Duration connectTimeout,
    Duration readTimeout,
    Duration requestTimeout,
    int maxRetries,
    int maxConnections) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);
  public static final int DEFAULT_MAX_RETRIES = 2;
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  /** Retries are bounded like the other adapters'. */
  static final int MAX_RETRIES = 10;

  static final int MAX_CONNECTIONS = 10_000;

  public BedrockProviderConfig {
    requireNonNull(name, "name");
    requireNonNull(region, "region");
    requireNonNull(endpointOverride, "endpointOverride");
    requireNonNull(accessKeyId, "accessKeyId");
    requireNonNull(secretAccessKey, "secretAccessKey");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(readTimeout, "readTimeout");
    requireNonNull(requestTimeout, "requestTimeout");
    if (name.isBlank()) {
      throw new IllegalArgumentException("Bedrock provider: name must not be blank");
    }
    String where = "Bedrock provider '" + name + "': ";
    if (!region.matches("[a-z]{2}(-[a-z0-9]+)+-\\d+")) {
      throw new IllegalArgumentException(
          where + "region must look like us-east-1, was '" + region + "'");
    }
    endpointOverride.ifPresent(uri -> checkEndpoint(where, uri));
    if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
      throw new IllegalArgumentException(
          where + "accessKeyId and secretAccessKey must be set together, or neither");
    }
    if (accessKeyId.filter(String::isBlank).isPresent()
        || secretAccessKey.filter(String::isBlank).isPresent()) {
      throw new IllegalArgumentException(where + "credentials must not be blank");
    }
    positive(where, "connectTimeout", connectTimeout);
    positive(where, "readTimeout", readTimeout);
    positive(where, "requestTimeout", requestTimeout);
    if (maxRetries < 0 || maxRetries > MAX_RETRIES) {
      throw new IllegalArgumentException(
          where + "maxRetries must be between 0 and " + MAX_RETRIES + ", was " + maxRetries);
    }
    if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS) {
      throw new IllegalArgumentException(
          where
              + "maxConnections must be between 1 and "
              + MAX_CONNECTIONS
              + ", was "
              + maxConnections);
    }
  }

  /** The default timeouts, retries and pool, with the SDK's default credentials chain. */
  public static BedrockProviderConfig defaults(String name, String region) {
    return new BedrockProviderConfig(
        name,
        region,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_READ_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_RETRIES,
        DEFAULT_MAX_CONNECTIONS);
  }

  public BedrockProviderConfig withEndpointOverride(URI endpoint) {
    return new BedrockProviderConfig(
        name,
        region,
        Optional.of(endpoint),
        accessKeyId,
        secretAccessKey,
        connectTimeout,
        readTimeout,
        requestTimeout,
        maxRetries,
        maxConnections);
  }

  public BedrockProviderConfig withStaticCredentials(String keyId, String secret) {
    return new BedrockProviderConfig(
        name,
        region,
        endpointOverride,
        Optional.of(keyId),
        Optional.of(secret),
        connectTimeout,
        readTimeout,
        requestTimeout,
        maxRetries,
        maxConnections);
  }

  public BedrockProviderConfig withTimeouts(Duration connect, Duration read, Duration request) {
    return new BedrockProviderConfig(
        name,
        region,
        endpointOverride,
        accessKeyId,
        secretAccessKey,
        connect,
        read,
        request,
        maxRetries,
        maxConnections);
  }

  public BedrockProviderConfig withMaxRetries(int retries) {
    return new BedrockProviderConfig(
        name,
        region,
        endpointOverride,
        accessKeyId,
        secretAccessKey,
        connectTimeout,
        readTimeout,
        requestTimeout,
        retries,
        maxConnections);
  }

  /** Shows every setting but the secret access key. */
  @Override
  public String toString() {
    return "BedrockProviderConfig[name="
        + name
        + ", region="
        + region
        + ", endpointOverride="
        + endpointOverride.map(URI::toString).orElse("(aws)")
        + ", accessKeyId="
        + accessKeyId.orElse("(default chain)")
        + ", secretAccessKey="
        + (secretAccessKey.isPresent() ? "(set)" : "(none)")
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", maxRetries="
        + maxRetries
        + ", maxConnections="
        + maxConnections
        + "]";
  }

  private static void checkEndpoint(String where, URI uri) {
    String scheme = uri.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          where + "endpointOverride must be an absolute http(s) URL, was " + uri);
    }
  }

  private static void positive(String where, String setting, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(where + setting + " must be positive, was " + value);
    }
  }
}
