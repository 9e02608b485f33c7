package dev.strata.app;

import dev.strata.app.config.StrataConfig;
import dev.strata.app.config.StrataConfig.ProviderSettings;
import dev.strata.core.provider.Provider;
import dev.strata.providers.anthropic.AnthropicProvider;
import dev.strata.providers.anthropic.AnthropicProviderConfig;
import dev.strata.providers.bedrock.BedrockProvider;
import dev.strata.providers.bedrock.BedrockProviderConfig;
import dev.strata.providers.gemini.GeminiProvider;
import dev.strata.providers.gemini.GeminiProviderConfig;
import dev.strata.providers.openai.OpenAiProvider;
import dev.strata.providers.openai.OpenAiProviderConfig;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Creates an adapter for each configured remote provider. */
final class RemoteProviders {
  private RemoteProviders() {}

  static List<Provider> create(Vertx vertx, StrataConfig config) {
    List<Provider> providers = new ArrayList<>();
    for (ProviderSettings settings : config.providers().values()) {
      providers.add(
          switch (settings.type()) {
            case "openai" -> OpenAiProvider.create(vertx, openAi(settings));
            case "anthropic" -> AnthropicProvider.create(vertx, anthropic(settings));
            case "gemini" -> GeminiProvider.create(vertx, gemini(settings));
            case "bedrock" -> BedrockProvider.create(vertx, bedrock(settings));
            default -> throw new IllegalStateException("unknown provider type " + settings.type());
          });
    }
    return providers;
  }

  private static AnthropicProviderConfig anthropic(ProviderSettings settings) {
    return AnthropicProviderConfig.defaults(settings.name(), settings.baseUrl(), settings.apiKey())
        .withTimeouts(settings.connectTimeout(), settings.readTimeout(), settings.requestTimeout())
        .withRetries(
            settings.maxRetries(),
            AnthropicProviderConfig.DEFAULT_INITIAL_BACKOFF,
            AnthropicProviderConfig.DEFAULT_MAX_BACKOFF)
        .withMaxConnections(settings.maxConnections())
        .withNativeBatch(settings.nativeBatch());
  }

  private static BedrockProviderConfig bedrock(ProviderSettings settings) {
    StrataConfig.AwsSettings aws = settings.aws().orElseThrow();
    boolean regional = settings.baseUrl().getHost().endsWith(".amazonaws.com");
    return new BedrockProviderConfig(
        settings.name(),
        aws.region(),
        regional ? Optional.empty() : Optional.of(settings.baseUrl()),
        aws.accessKeyId(),
        aws.secretAccessKey(),
        settings.connectTimeout(),
        settings.readTimeout(),
        settings.requestTimeout(),
        settings.maxRetries(),
        settings.maxConnections());
  }

  private static GeminiProviderConfig gemini(ProviderSettings settings) {
    return GeminiProviderConfig.defaults(settings.name(), settings.baseUrl(), settings.apiKey())
        .withTimeouts(settings.connectTimeout(), settings.readTimeout(), settings.requestTimeout())
        .withRetries(
            settings.maxRetries(),
            GeminiProviderConfig.DEFAULT_INITIAL_BACKOFF,
            GeminiProviderConfig.DEFAULT_MAX_BACKOFF)
        .withMaxConnections(settings.maxConnections());
  }

  private static OpenAiProviderConfig openAi(ProviderSettings settings) {
    return new OpenAiProviderConfig(
        settings.name(),
        settings.baseUrl(),
        settings.apiKey(),
        settings.connectTimeout(),
        settings.readTimeout(),
        settings.requestTimeout(),
        settings.maxRetries(),
        OpenAiProviderConfig.DEFAULT_INITIAL_BACKOFF,
        OpenAiProviderConfig.DEFAULT_MAX_BACKOFF,
        settings.maxConnections(),
        Map.of(),
        OpenAiProviderConfig.MaxTokensField.MAX_TOKENS)
        .withNativeBatch(settings.nativeBatch());
  }
}
