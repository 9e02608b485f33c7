package dev.strata.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BedrockProviderConfigTest {
  private static final BedrockProviderConfig BASE =
      BedrockProviderConfig.defaults("bedrock", "us-east-1");

  @Test
  void toString_neverShowsTheSecret() {
    String shown = BASE.withStaticCredentials("AKIDEXAMPLE", "s3cr3t-value").toString();

    assertThat(shown).contains("AKIDEXAMPLE").doesNotContain("s3cr3t-value");
  }

  @Test
  void halfStaticCredentials_areRejected() {
    assertThatThrownBy(
            () ->
                new BedrockProviderConfig(
                    "bedrock",
                    "us-east-1",
                    Optional.empty(),
                    Optional.of("AKIDEXAMPLE"),
                    Optional.empty(),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    1,
                    1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secretAccessKey");
  }

  @Test
  void badRegionEndpointTimeoutAndRetries_areRejectedNamingTheSetting() {
    assertThatThrownBy(() -> BedrockProviderConfig.defaults("bedrock", "nowhere"))
        .hasMessageContaining("region");
    assertThatThrownBy(() -> BASE.withEndpointOverride(URI.create("ftp://example.com")))
        .hasMessageContaining("endpointOverride");
    assertThatThrownBy(
            () -> BASE.withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> BASE.withMaxRetries(11)).hasMessageContaining("maxRetries");
  }
}
