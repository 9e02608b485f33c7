package dev.strata.app.config;

import static java.util.Objects.requireNonNull;

import dev.strata.core.budget.Webhook;
import dev.strata.core.money.Money;
import dev.strata.server.VirtualThreadScheduler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Strata's whole configuration, validated. Built by {@link ConfigLoader}. */
public record StrataConfig(
    Path source,
    Path home,
    Server server,
    Optional<String> adminKey,
    String storeUrl,
    LedgerSettings ledger,
    Budgets budgets,
    ResponseCacheSettings responseCache,
    SemanticCacheSettings semanticCache,
    boolean promptCache,
    Optional<RedisSettings> redis,
    Metrics metrics,
    Optional<Tracing> tracing,
    Duration keyCacheTtl,
    BatchSettings batch,
    ObjectSettings objects,
    Optional<Path> priceOverrides,
    Local local,
    Map<String, ProviderSettings> providers,
    List<ModelSettings> models,
    Map<String, List<String>> aliases) {

  public StrataConfig {
    requireNonNull(source, "source");
    requireNonNull(home, "home");
    requireNonNull(server, "server");
    requireNonNull(adminKey, "adminKey");
    requireNonNull(storeUrl, "storeUrl");
    requireNonNull(ledger, "ledger");
    requireNonNull(budgets, "budgets");
    requireNonNull(responseCache, "responseCache");
    requireNonNull(semanticCache, "semanticCache");
    requireNonNull(redis, "redis");
    requireNonNull(metrics, "metrics");
    requireNonNull(tracing, "tracing");
    requireNonNull(keyCacheTtl, "keyCacheTtl");
    requireNonNull(batch, "batch");
    requireNonNull(objects, "objects");
    requireNonNull(priceOverrides, "priceOverrides");
    requireNonNull(local, "local");
    providers = Map.copyOf(providers);
    models = List.copyOf(models);
    aliases = Map.copyOf(aliases);
  }

  /** The file holding the master key that encrypts stored secrets (AWS secret keys). */
  public Path secretsKeyFile() {
    return home.resolve("secrets.key");
  }

  /** This configuration listening on {@code newPort} instead. */
  public StrataConfig withPort(int newPort) {
    return new StrataConfig(
        source,
        home,
        new Server(
            server.host(),
            newPort,
            server.maxBodyBytes(),
            server.maxBufferedBodyBytes(),
            server.idleTimeout(),
            server.virtualThreadScheduler()),
        adminKey,
        storeUrl,
        ledger,
        budgets,
        responseCache,
        semanticCache,
        promptCache,
        redis,
        metrics,
        tracing,
        keyCacheTtl,
        batch,
        objects,
        priceOverrides,
        local,
        providers,
        models,
        aliases);
  }

  /** Where the HTTP server listens, what it accepts, and what carries its model calls. */
  public record Server(
      String host,
      int port,
      long maxBodyBytes,
      long maxBufferedBodyBytes,
      Duration idleTimeout,
      VirtualThreadScheduler virtualThreadScheduler) {}

  /**
   * How budgets are kept: the zone their periods start in, the longest a local-engine request is
   * reserved for, and where threshold alerts are posted.
   */
  public record Budgets(
      ZoneId timeZone,
      Duration localWorstCase,
      List<Webhook> alertWebhooks) {
    public Budgets {
      requireNonNull(timeZone, "timeZone");
      requireNonNull(localWorstCase, "localWorstCase");
      alertWebhooks = List.copyOf(alertWebhooks);
    }
  }

  /** The exact response cache: on or off, how long an answer is kept, and its in-process bounds. */
  public record ResponseCacheSettings(
      boolean enabled, Duration ttl, int maxEntries, long maxBytes) {
    public ResponseCacheSettings {
      requireNonNull(ttl, "ttl");
    }
  }

  /**
   * The semantic cache: whether prompts that mean the same as a cached one are answered from it,
   * the similarity they must reach, and its bounds.
   */
  public record SemanticCacheSettings(
      boolean enabled, double threshold, int maxEntries, int maxPromptChars) {}

  /** A Redis server that holds the response cache, shared by every instance using the prefix. */
  public record RedisSettings(URI url, String keyPrefix, Duration timeout, int maxEntryBytes) {
    public RedisSettings {
      requireNonNull(url, "url");
      requireNonNull(keyPrefix, "keyPrefix");
      requireNonNull(timeout, "timeout");
    }

    @Override
    public String toString() {
      return "RedisSettings[" + url.getHost() + ":" + url.getPort() + ", prefix " + keyPrefix + "]";
    }
  }

  /** The Prometheus endpoint and what it exports. */
  public record Metrics(
      boolean enabled, Optional<String> bearerToken, int maxValuesPerLabel, boolean jvm) {
    public Metrics {
      requireNonNull(bearerToken, "bearerToken");
    }

    @Override
    public String toString() {
      return "Metrics[enabled=" + enabled + ", token " + (bearerToken.isPresent() ? "set" : "none") + "]";
    }
  }

  /** OpenTelemetry traces sent to an OTLP (http/protobuf) collector. */
  public record Tracing(
      URI endpoint,
      String serviceName,
      Map<String, String> headers,
      Duration exportTimeout,
      int maxQueueSize) {
    public Tracing {
      requireNonNull(endpoint, "endpoint");
      requireNonNull(serviceName, "serviceName");
      headers = Map.copyOf(headers);
      requireNonNull(exportTimeout, "exportTimeout");
    }

    @Override
    public String toString() {
      return "Tracing[" + endpoint + ", headers " + headers.keySet() + "]";
    }
  }

  /** How the ledger batches its writes. */
  public record LedgerSettings(
      int queueCapacity, int batchSize, Duration flushInterval, int retentionDays) {}

  /** The embedded llama.cpp engine. {@code model} is a GGUF path or a Hugging Face REPO/FILE. */
  public record Local(
      boolean enabled,
      Optional<String> name,
      String model,
      Optional<String> sha256,
      boolean pull,
      URI hubUrl,
      int parallel,
      int contextSize,
      int threads,
      int maxOutputTokens,
      Money machineCostPerHour) {

    /** The name clients use for the local model: configured, or the GGUF file name. */
    public String modelName() {
      return name.orElseGet(
          () -> {
            String file = model.substring(model.lastIndexOf('/') + 1);
            return file.toLowerCase(java.util.Locale.ROOT).endsWith(".gguf")
                ? file.substring(0, file.length() - ".gguf".length())
                : file;
          });
    }
  }

  /**
   * How this instance works through batch jobs: whether it does at all, its name in work leases,
   * how many records it runs at once, and how patiently.
   */
  public record BatchSettings(
      boolean enabled,
      Optional<String> workerId,
      int concurrency,
      Duration leaseDuration,
      Duration idlePoll,
      Duration nativePoll,
      int maxRecordsPerJob,
      int maxAttempts,
      Duration firstRetryDelay) {
    public BatchSettings {
      requireNonNull(workerId, "workerId");
      requireNonNull(leaseDuration, "leaseDuration");
      requireNonNull(idlePoll, "idlePoll");
      requireNonNull(nativePoll, "nativePoll");
      requireNonNull(firstRetryDelay, "firstRetryDelay");
    }
  }

  /** Where batch files and uploads live: a folder, or an S3-compatible store when one is set. */
  public record ObjectSettings(Path folder, long maxObjectBytes, Optional<S3Settings> s3) {
    public ObjectSettings {
      requireNonNull(folder, "folder");
      requireNonNull(s3, "s3");
    }
  }

  /** An S3-compatible object store. */
  public record S3Settings(
      URI endpoint, String region, String accessKeyId, String secretAccessKey, boolean pathStyle) {
    @Override
    public String toString() {
      return "S3Settings[" + endpoint + ", " + region + "]";
    }
  }

  /** A remote upstream. */
  public record ProviderSettings(
      String name,
      String type,
      URI baseUrl,
      Optional<String> apiKey,
      Duration connectTimeout,
      Duration readTimeout,
      Duration requestTimeout,
      int maxRetries,
      int maxConnections,
      Optional<AwsSettings> aws,
      boolean nativeBatch) {

    @Override
    public String toString() {
      return "ProviderSettings[" + name + ", " + type + ", " + baseUrl + "]";
    }
  }

  /**
   * How a {@code bedrock} provider reaches AWS: its region and, optionally, static credentials
   * (otherwise the AWS SDK's default chain: environment, profile, instance role).
   */
  public record AwsSettings(
      String region, Optional<String> accessKeyId, Optional<String> secretAccessKey) {
    @Override
    public String toString() {
      return "AwsSettings[" + region + (accessKeyId.isPresent() ? ", static credentials" : "") + "]";
    }
  }

  /** A model clients can name, served by a provider and priced by a price-book entry. */
  public record ModelSettings(
      String name,
      String provider,
      String upstreamModel,
      String price,
      OptionalInt maxOutputTokens,
      boolean embeddings) {}

  @Override
  public String toString() {
    return "StrataConfig[" + source + ", home=" + home + ", port=" + server.port() + "]";
  }
}
