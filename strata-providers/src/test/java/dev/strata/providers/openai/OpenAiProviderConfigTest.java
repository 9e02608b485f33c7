package dev.strata.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiProviderConfigTest {
  private final OpenAiProviderConfig defaults =
      OpenAiProviderConfig.defaults(
          "openai", URI.create("https://api.openai.com/v1"), Optional.of("sk-secret-123"));

  @Test
  void toString_neverShowsTheKeyOrHeaderValues() {
    OpenAiProviderConfig config =
        defaults.withExtraHeaders(Map.of("OpenAI-Organization", "org-hidden"));
    assertThat(config.toString())
        .doesNotContain("sk-secret-123")
        .doesNotContain("org-hidden")
        .contains("OpenAI-Organization")
        .contains("apiKey=(set)");
  }

  @Test
  void badSettings_failFastNamingTheSetting() {
    assertThatThrownBy(
            () ->
                OpenAiProviderConfig.defaults(
                    "x", URI.create("api.openai.com/v1"), Optional.empty()))
        .hasMessageContaining("'x'")
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(
            () -> OpenAiProviderConfig.defaults("x", URI.create("ftp://host/v1"), Optional.empty()))
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(
            () -> OpenAiProviderConfig.defaults("x", URI.create("https://h/v1"), Optional.of(" ")))
        .hasMessageContaining("apiKey");
    assertThatThrownBy(
            () ->
                defaults.withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(
            () ->
                defaults.withTimeouts(
                    Duration.ofSeconds(1), Duration.ofSeconds(-1), Duration.ofSeconds(1)))
        .hasMessageContaining("readTimeout");
    assertThatThrownBy(() -> defaults.withRetries(-1, Duration.ofMillis(1), Duration.ofMillis(1)))
        .hasMessageContaining("maxRetries");
    assertThatThrownBy(() -> defaults.withRetries(1, Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> defaults.withMaxConnections(0)).hasMessageContaining("maxConnections");
    assertThatThrownBy(() -> defaults.withExtraHeaders(Map.of("Authorization", "Bearer other")))
        .hasMessageContaining("Authorization");
    assertThatThrownBy(() -> defaults.withExtraHeaders(Map.of("Content-Type", "text/plain")))
        .hasMessageContaining("Content-Type");
    assertThatThrownBy(() -> defaults.withExtraHeaders(Map.of("X-Bad", "a\r\nInjected: 1")))
        .hasMessageContaining("X-Bad");
  }

  @Test
  void elevenSettingConstructor_defaultsToMaxTokens() {
    OpenAiProviderConfig config =
        new OpenAiProviderConfig(
            "vllm",
            URI.create("http://127.0.0.1:8000/v1"),
            Optional.empty(),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            1,
            Duration.ofMillis(10),
            Duration.ofMillis(20),
            4,
            Map.of());
    assertThat(config.maxTokensField()).isEqualTo(OpenAiProviderConfig.MaxTokensField.MAX_TOKENS);
    assertThat(config.nativeBatch()).isFalse();
  }

  @Test
  void nativeBatch_isOffByDefault_andSurvivesTheOtherChanges() {
    assertThat(defaults.nativeBatch()).isFalse();
    OpenAiProviderConfig config =
        defaults
            .withNativeBatch(true)
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3))
            .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(20))
            .withMaxConnections(3)
            .withExtraHeaders(Map.of("X-Team", "a"))
            .withMaxTokensField(OpenAiProviderConfig.MaxTokensField.MAX_COMPLETION_TOKENS);
    assertThat(config.nativeBatch()).isTrue();
    assertThat(config.toString()).contains("nativeBatch=true");
    assertThat(config.withNativeBatch(false).nativeBatch()).isFalse();
  }

  @Test
  void endpoint_appendsThePathAndKeepsTheQuery() {
    assertThat(
            OpenAiProvider.endpoint(URI.create("https://api.openai.com/v1/"), "chat/completions"))
        .isEqualTo(URI.create("https://api.openai.com/v1/chat/completions"));
    assertThat(
            OpenAiProvider.endpoint(
                URI.create(
                    "https://x.openai.azure.com/openai/deployments/d?api-version=2024-10-21"),
                "embeddings"))
        .isEqualTo(
            URI.create(
                "https://x.openai.azure.com/openai/deployments/d/embeddings?api-version=2024-10-21"));
  }
}
