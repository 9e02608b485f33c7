package dev.strata.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnthropicProviderConfigTest {
  private final AnthropicProviderConfig defaults =
      AnthropicProviderConfig.defaults("anthropic", Optional.of("sk-ant-secret"));

  @Test
  void defaults_pointAtAnthropic() {
    assertThat(defaults.baseUrl()).isEqualTo(URI.create("https://api.anthropic.com"));
    assertThat(AnthropicProvider.endpoint(defaults.baseUrl()))
        .isEqualTo(URI.create("https://api.anthropic.com/v1/messages"));
    assertThat(AnthropicProvider.endpoint(URI.create("http://127.0.0.1:9/proxy/")))
        .isEqualTo(URI.create("http://127.0.0.1:9/proxy/v1/messages"));
  }

  @Test
  void nativeBatch_isOffByDefault_andSurvivesTheOtherChanges() {
    assertThat(defaults.nativeBatch()).isFalse();
    AnthropicProviderConfig config =
        defaults
            .withNativeBatch(true)
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3))
            .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(20))
            .withMaxConnections(3)
            .withDefaultMaxTokens(100)
            .withExtraHeaders(Map.of("anthropic-beta", "x"));
    assertThat(config.nativeBatch()).isTrue();
    assertThat(config.toString()).contains("nativeBatch=true");
    assertThat(config.withNativeBatch(false).nativeBatch()).isFalse();
  }

  @Test
  void toString_neverShowsTheKey() {
    assertThat(defaults.toString()).contains("apiKey=(set)").doesNotContain("sk-ant-secret");
  }

  @Test
  void badSettings_failNamingTheSetting() {
    assertThatThrownBy(() -> defaults.withDefaultMaxTokens(0))
        .hasMessageContaining("'anthropic'")
        .hasMessageContaining("defaultMaxTokens");
    assertThatThrownBy(
            () ->
                defaults.withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> defaults.withRetries(11, Duration.ofMillis(1), Duration.ofSeconds(1)))
        .hasMessageContaining("maxRetries");
    assertThatThrownBy(() -> defaults.withExtraHeaders(Map.of("x-api-key", "other")))
        .hasMessageContaining("x-api-key");
    assertThatThrownBy(
            () ->
                AnthropicProviderConfig.defaults(
                    "a", URI.create("ftp://example.com"), Optional.empty()))
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> AnthropicProviderConfig.defaults("a", Optional.of(" ")))
        .hasMessageContaining("apiKey");
  }
}
