package dev.strata.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.app.config.StrataConfig.Budgets;
import dev.strata.app.config.StrataConfig.LedgerSettings;
import dev.strata.app.config.StrataConfig.Local;
import dev.strata.app.config.StrataConfig.Metrics;
import dev.strata.app.config.StrataConfig.RedisSettings;
import dev.strata.app.config.StrataConfig.ResponseCacheSettings;
import dev.strata.app.config.StrataConfig.SemanticCacheSettings;
import dev.strata.app.config.StrataConfig.ModelSettings;
import dev.strata.app.config.StrataConfig.ProviderSettings;
import dev.strata.app.config.StrataConfig.Server;
import dev.strata.app.config.StrataConfig.Tracing;
import dev.strata.core.budget.Webhook;
import dev.strata.server.VirtualThreadScheduler;
import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Loads {@code strata.yaml} (or the file given with {@code --config}), applies environment
 * overrides and the conventional provider variables ({@code OPENAI_API_KEY}, {@code
 * OPENAI_BASE_URL}), and validates the result. Zero configuration is a valid configuration.
 */
public final class ConfigLoader {
  static final String DEFAULT_FILE = "strata.yaml";
  static final URI OPENAI_DEFAULT_BASE_URL = URI.create("https://api.openai.com/v1");
  static final URI ANTHROPIC_DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");
  static final URI GEMINI_DEFAULT_BASE_URL = URI.create("https://generativelanguage.googleapis.com");
  /** Provider types and the base URL each defaults to (OpenAI-compatible servers need one). */
  static final Map<String, Optional<URI>> PROVIDER_TYPES =
      Map.of(
          "openai", Optional.empty(),
          "anthropic", Optional.of(ANTHROPIC_DEFAULT_BASE_URL),
          "gemini", Optional.of(GEMINI_DEFAULT_BASE_URL),
          "bedrock", Optional.empty());
  static final List<String> ANTHROPIC_DEFAULT_MODELS =
      List.of("claude-sonnet-4-20250514", "claude-3-5-haiku-20241022", "claude-3-haiku-20240307");
  static final List<String> OPENAI_DEFAULT_MODELS = List.of("gpt-4o", "gpt-4o-mini");
  static final List<String> OPENAI_DEFAULT_EMBEDDING_MODELS =
      List.of("text-embedding-3-small", "text-embedding-3-large");

  private ConfigLoader() {}

  /** Loads the explicit file (which must exist) or {@code ./strata.yaml} if present. */
  public static StrataConfig load(Optional<Path> explicitFile, Map<String, String> env) {
    Path file = explicitFile.orElse(Path.of(DEFAULT_FILE));
    ConfigTree tree = ConfigTree.load(file, explicitFile.isPresent(), env);
    return bind(tree, file, env);
  }

  private static VirtualThreadScheduler scheduler(ConfigReader read, String path) {
    String name = read.string(path);
    return VirtualThreadScheduler.named(name)
        .orElseThrow(
            () ->
                read.error(
                    path, "must be " + VirtualThreadScheduler.names() + ", not '" + name + "'"));
  }

  private static StrataConfig bind(ConfigTree tree, Path file, Map<String, String> env) {
    ConfigReader read = new ConfigReader(tree);
    ObjectNode root = tree.root();
    Path home = Path.of(env.getOrDefault("STRATA_HOME", read.string("home")));
    long maxBodyBytes = read.longValue("server.maxBodyBytes", 1024, 1L << 31);
    long maxBufferedBodyBytes = read.longValue("server.maxBufferedBodyBytes", 1024, 1L << 40);
    if (maxBufferedBodyBytes < maxBodyBytes) {
      throw read.error(
          "server.maxBufferedBodyBytes",
          "is "
              + maxBufferedBodyBytes
              + ", less than server.maxBodyBytes ("
              + maxBodyBytes
              + "): a body of the largest size could never be read");
    }
    Server server =
        new Server(
            read.string("server.host"),
            read.integer("server.port", 0, 65_535),
            maxBodyBytes,
            maxBufferedBodyBytes,
            read.duration("server.idleTimeout"),
            scheduler(read, "server.virtualThreadScheduler"));
    String storeUrl =
        read.optionalString("store.url")
            .orElse("jdbc:sqlite:" + home.resolve("strata.db").toAbsolutePath());
    LedgerSettings ledger =
        new LedgerSettings(
            read.integer("ledger.queueCapacity", 1, 10_000_000),
            read.integer("ledger.batchSize", 1, 100_000),
            read.duration("ledger.flushInterval"),
            read.integer("ledger.retentionDays", 0, 100_000));
    Budgets budgets =
        new Budgets(
            zone(read, "budgets.timeZone"),
            read.duration("budgets.localWorstCase"),
            webhooks(root.path("budgets").path("alertWebhooks"), read));
    ResponseCacheSettings responseCache =
        new ResponseCacheSettings(
            read.bool("cache.response.enabled"),
            read.duration("cache.response.ttl"),
            read.integer("cache.response.maxEntries", 1, 100_000_000),
            read.longValue("cache.response.maxBytes", 1024, 1L << 40));
    SemanticCacheSettings semanticCache =
        new SemanticCacheSettings(
            read.bool("cache.semantic.enabled"),
            similarity(read, "cache.semantic.threshold"),
            read.integer("cache.semantic.maxEntries", 1, 10_000_000),
            read.integer("cache.semantic.maxPromptChars", 1, 1_000_000));
    Optional<RedisSettings> redis =
        read.optionalString("store.redis.url")
            .map(
                url ->
                    new RedisSettings(
                        redisUri(read, "store.redis.url", url),
                        read.string("store.redis.keyPrefix"),
                        read.duration("store.redis.timeout"),
                        read.integer("store.redis.maxEntryBytes", 1024, 1 << 30)));
    Metrics metrics =
        new Metrics(
            read.bool("metrics.enabled"),
            read.optionalString("metrics.bearerToken"),
            read.integer("metrics.maxValuesPerLabel", 1, 100_000),
            read.bool("metrics.jvm"));
    Optional<Tracing> tracing =
        read.optionalString("telemetry.otlp.endpoint")
            .map(
                endpoint ->
                    new Tracing(
                        read.uri("telemetry.otlp.endpoint"),
                        read.string("telemetry.otlp.serviceName"),
                        stringMap(root.path("telemetry").path("otlp").path("headers"), "telemetry.otlp.headers", read),
                        read.duration("telemetry.otlp.exportTimeout"),
                        read.integer("telemetry.otlp.maxQueueSize", 1, 1_000_000)));
    Local local =
        new Local(
            read.bool("local.enabled"),
            read.optionalString("local.name"),
            read.string("local.model"),
            read.optionalString("local.sha256"),
            read.bool("local.pull"),
            read.uri("local.hubUrl"),
            read.integer("local.parallel", 1, 64),
            read.integer("local.contextSize", 256, 1 << 20),
            read.integer("local.threads", 0, 1024),
            read.integer("local.maxOutputTokens", 1, 1 << 20),
            read.money("local.machineCostPerHour"));
    Map<String, ProviderSettings> providers = providers(root.path("providers"), read);
    List<ModelSettings> models = models(root.path("models"), read);
    addConventionalProviders(env, providers, models);
    Map<String, List<String>> aliases = aliases(root.path("aliases"), read);
    StrataConfig config =
        new StrataConfig(
            file,
            home,
            server,
            read.optionalString("admin.key"),
            storeUrl,
            ledger,
            budgets,
            responseCache,
            semanticCache,
            read.bool("cache.prompt.auto"),
            redis,
            metrics,
            tracing,
            read.duration("auth.keyCacheTtl"),
            batch(read),
            objects(read, home),
            read.optionalString("pricing.overrides").map(Path::of),
            local,
            providers,
            models,
            aliases);
    ConfigValidator.validate(config, tree);
    return config;
  }

  private static Map<String, ProviderSettings> providers(JsonNode node, ConfigReader read) {
    Map<String, ProviderSettings> providers = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String name = entry.getKey();
      String at = "providers." + name;
      read.requireOnly(at, List.of("type", "baseUrl", "apiKey", "connectTimeout", "readTimeout",
          "requestTimeout", "maxRetries", "maxConnections", "region", "accessKeyId",
          "secretAccessKey", "nativeBatch"));
      String type = read.optionalString(at + ".type").orElse("openai");
      if (!PROVIDER_TYPES.containsKey(type)) {
        throw read.error(
            at + ".type",
            "'" + type + "' is not a provider type this version knows (known: "
                + String.join(", ", PROVIDER_TYPES.keySet()) + ")");
      }
      Optional<StrataConfig.AwsSettings> aws =
          type.equals("bedrock") ? Optional.of(awsSettings(at, read)) : Optional.empty();
      URI baseUrl =
          read.optionalString(at + ".baseUrl").isPresent()
              ? read.uri(at + ".baseUrl")
              : aws.map(a -> URI.create("https://bedrock-runtime." + a.region() + ".amazonaws.com"))
                  .or(() -> PROVIDER_TYPES.get(type))
                  .orElseThrow(() -> read.error(at + ".baseUrl", "is required"));
      providers.put(
          name,
          new ProviderSettings(
              name,
              type,
              baseUrl,
              read.optionalString(at + ".apiKey"),
              read.optionalDuration(at + ".connectTimeout").orElse(java.time.Duration.ofSeconds(5)),
              read.optionalDuration(at + ".readTimeout").orElse(java.time.Duration.ofSeconds(60)),
              read.optionalDuration(at + ".requestTimeout").orElse(java.time.Duration.ofMinutes(10)),
              read.optionalInteger(at + ".maxRetries", 0, 10).orElse(2),
              read.optionalInteger(at + ".maxConnections", 1, 10_000).orElse(256),
              aws,
              read.optionalString(at + ".nativeBatch").isPresent()
                  ? read.bool(at + ".nativeBatch")
                  : hasNativeBatchApi(type, baseUrl)));
    }
    return providers;
  }

  /**
   * Whether batch jobs for a provider go to its own batch API by default: yes for the official
   * OpenAI and Anthropic APIs, no for other OpenAI-compatible servers (vLLM, Ollama, …), which
   * have none.
   */
  private static boolean hasNativeBatchApi(String type, URI baseUrl) {
    String host = baseUrl.getHost() == null ? "" : baseUrl.getHost();
    return (type.equals("openai") && host.equals("api.openai.com"))
        || (type.equals("anthropic") && host.equals("api.anthropic.com"));
  }

  private static StrataConfig.BatchSettings batch(ConfigReader read) {
    return new StrataConfig.BatchSettings(
        read.bool("batch.enabled"),
        read.optionalString("batch.workerId"),
        read.integer("batch.concurrency", 1, 4096),
        read.duration("batch.leaseDuration"),
        read.duration("batch.idlePoll"),
        read.duration("batch.nativePoll"),
        read.integer("batch.maxRecordsPerJob", 1, 10_000_000),
        read.integer("batch.maxAttempts", 1, 100),
        read.duration("batch.firstRetryDelay"));
  }

  private static StrataConfig.ObjectSettings objects(ConfigReader read, Path home) {
    Optional<StrataConfig.S3Settings> s3 =
        read.optionalString("objects.s3.endpoint")
            .map(
                endpoint ->
                    new StrataConfig.S3Settings(
                        read.uri("objects.s3.endpoint"),
                        read.string("objects.s3.region"),
                        read.optionalString("objects.s3.accessKeyId")
                            .orElseThrow(() -> read.error("objects.s3.accessKeyId", "is required with an endpoint")),
                        read.optionalString("objects.s3.secretAccessKey")
                            .orElseThrow(() -> read.error("objects.s3.secretAccessKey", "is required with an endpoint")),
                        read.bool("objects.s3.pathStyle")));
    return new StrataConfig.ObjectSettings(
        read.optionalString("objects.folder").map(Path::of).orElse(home.resolve("objects")),
        read.longValue("objects.maxObjectBytes", 1024, 1L << 40),
        s3);
  }

  private static StrataConfig.AwsSettings awsSettings(String at, ConfigReader read) {
    String region = read.optionalString(at + ".region").orElse("us-east-1");
    if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
      throw read.error(at + ".region", "must be an AWS region such as us-east-1, not '" + region + "'");
    }
    Optional<String> keyId = read.optionalString(at + ".accessKeyId");
    Optional<String> secret = read.optionalString(at + ".secretAccessKey");
    if (keyId.isPresent() != secret.isPresent()) {
      throw read.error(at + ".accessKeyId", "and secretAccessKey must be set together");
    }
    return new StrataConfig.AwsSettings(region, keyId, secret);
  }

  private static double similarity(ConfigReader read, String path) {
    String text = read.string(path);
    try {
      double value = Double.parseDouble(text);
      if (value > 0 && value <= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw read.error(path, "must be a similarity above 0 and at most 1, not '" + text + "'");
  }

  private static URI redisUri(ConfigReader read, String path, String text) {
    try {
      URI uri = new URI(text);
      if (!("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw read.error(path, "must be a redis:// or rediss:// URL, not '" + text + "'");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw read.error(path, "is not a valid URL: " + e.getMessage());
    }
  }

  private static Map<String, String> stringMap(JsonNode node, String at, ConfigReader read) {
    Map<String, String> map = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return map;
    }
    if (!node.isObject()) {
      throw read.error(at, "must be a mapping of names to values");
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isValueNode()) {
        throw read.error(at + "." + entry.getKey(), "must be a single value");
      }
      map.put(entry.getKey(), entry.getValue().asText());
    }
    return map;
  }

  private static ZoneId zone(ConfigReader read, String path) {
    String zone = read.string(path);
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw read.error(path, "must be a time zone such as UTC or Europe/Oslo, not '" + zone + "'");
    }
  }

  private static List<Webhook> webhooks(JsonNode node, ConfigReader read) {
    String at = "budgets.alertWebhooks";
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw read.error(at, "must be a list of {url, secret}");
    }
    List<Webhook> webhooks = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String item = at + "[" + i + "]";
      JsonNode webhook = node.get(i);
      if (!webhook.isObject()) {
        throw read.error(item, "must be a mapping with url and secret");
      }
      read.requireOnly(item, webhook, List.of("url", "secret"));
      String url = read.string(webhook, item, "url");
      try {
        webhooks.add(new Webhook(URI.create(url), read.string(webhook, item, "secret")));
      } catch (IllegalArgumentException e) {
        throw read.error(item + ".url", "must be an http(s) URL, not '" + url + "'");
      }
    }
    return webhooks;
  }

  private static List<ModelSettings> models(JsonNode node, ConfigReader read) {
    if (!node.isArray()) {
      throw read.error("models", "must be a list of models");
    }
    List<ModelSettings> models = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String at = "models[" + i + "]";
      JsonNode model = node.get(i);
      if (!model.isObject()) {
        throw read.error(at, "must be a mapping with name and provider");
      }
      read.requireOnly(at, model, List.of("name", "provider", "upstreamModel", "price", "maxOutputTokens", "embeddings"));
      String name = read.string(model, at, "name");
      String upstream = read.optionalString(model, "upstreamModel").orElse(name);
      int max = model.path("maxOutputTokens").asInt(0);
      models.add(
          new ModelSettings(
              name,
              read.string(model, at, "provider"),
              upstream,
              read.optionalString(model, "price").orElse(upstream),
              max > 0 ? OptionalInt.of(max) : OptionalInt.empty(),
              model.path("embeddings").asBoolean(false)));
    }
    return models;
  }

  private static Map<String, List<String>> aliases(JsonNode node, ConfigReader read) {
    Map<String, List<String>> aliases = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isArray() || entry.getValue().isEmpty()) {
        throw read.error("aliases." + entry.getKey(), "must be a non-empty list of model names");
      }
      List<String> targets = new ArrayList<>();
      entry.getValue().forEach(target -> targets.add(target.asText()));
      aliases.put(entry.getKey(), targets);
    }
    return aliases;
  }

  /**
   * OPENAI_API_KEY (and OPENAI_BASE_URL) register an "openai" provider with its usual models;
   * ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL) an "anthropic" one.
   */
  private static void addConventionalProviders(
      Map<String, String> env, Map<String, ProviderSettings> providers, List<ModelSettings> models) {
    addOpenAi(env, providers, models);
    addAnthropic(env, providers, models);
  }

  private static void addAnthropic(
      Map<String, String> env, Map<String, ProviderSettings> providers, List<ModelSettings> models) {
    String key = env.get("ANTHROPIC_API_KEY");
    if (key == null || key.isBlank() || providers.containsKey("anthropic")) {
      return;
    }
    URI baseUrl =
        Optional.ofNullable(env.get("ANTHROPIC_BASE_URL")).map(URI::create).orElse(ANTHROPIC_DEFAULT_BASE_URL);
    providers.put("anthropic", conventional("anthropic", "anthropic", baseUrl, key));
    for (String model : ANTHROPIC_DEFAULT_MODELS) {
      if (models.stream().noneMatch(m -> m.name().equals(model))) {
        models.add(new ModelSettings(model, "anthropic", model, model, OptionalInt.empty(), false));
      }
    }
  }

  private static ProviderSettings conventional(String name, String type, URI baseUrl, String key) {
    return new ProviderSettings(
        name,
        type,
        baseUrl,
        Optional.of(key),
        java.time.Duration.ofSeconds(5),
        java.time.Duration.ofSeconds(60),
        java.time.Duration.ofMinutes(10),
        2,
        256,
        Optional.empty(),
        hasNativeBatchApi(type, baseUrl));
  }

  private static void addOpenAi(
      Map<String, String> env, Map<String, ProviderSettings> providers, List<ModelSettings> models) {
    String key = env.get("OPENAI_API_KEY");
    if (key == null || key.isBlank() || providers.containsKey("openai")) {
      return;
    }
    URI baseUrl =
        Optional.ofNullable(env.get("OPENAI_BASE_URL")).map(URI::create).orElse(OPENAI_DEFAULT_BASE_URL);
    providers.put("openai", conventional("openai", "openai", baseUrl, key));
    for (String model : OPENAI_DEFAULT_MODELS) {
      if (models.stream().noneMatch(m -> m.name().equals(model))) {
        models.add(new ModelSettings(model, "openai", model, model, OptionalInt.empty(), false));
      }
    }
    for (String model : OPENAI_DEFAULT_EMBEDDING_MODELS) {
      if (models.stream().noneMatch(m -> m.name().equals(model))) {
        models.add(new ModelSettings(model, "openai", model, model, OptionalInt.empty(), true));
      }
    }
  }
}
