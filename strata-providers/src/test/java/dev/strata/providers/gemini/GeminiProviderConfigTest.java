package dev.strata.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GeminiProviderConfigTest {
  private final GeminiProviderConfig defaults =
      GeminiProviderConfig.defaults("gemini", Optional.of("AIza-secret"));

  @Test
  void defaults_pointAtGoogle() {
    assertThat(defaults.baseUrl())
        .isEqualTo(URI.create("https://generativelanguage.googleapis.com"));
  }

  @Test
  void toString_neverShowsTheKey() {
    assertThat(defaults.toString()).contains("apiKey=(set)").doesNotContain("AIza-secret");
  }

  @Test
  void badSettings_failNamingTheSetting() {
    assertThatThrownBy(() -> defaults.withMaxConnections(0))
        .hasMessageContaining("'gemini'")
        .hasMessageContaining("maxConnections");
    assertThatThrownBy(
            () ->
                defaults.withTimeouts(
                    Duration.ofSeconds(1), Duration.ofSeconds(-1), Duration.ofSeconds(1)))
        .hasMessageContaining("readTimeout");
    assertThatThrownBy(() -> defaults.withExtraHeaders(Map.of("X-Goog-Api-Key", "other")))
        .hasMessageContaining("X-Goog-Api-Key");
    assertThatThrownBy(
            () ->
                GeminiProviderConfig.defaults(
                    "g", URI.create("https://example.com/?key=1"), Optional.empty()))
        .hasMessageContaining("baseUrl");
  }
}
