package dev.strata.core.promptcache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MinimumCacheTokensTest {
  @Test
  void of_followsThePublishedMinimumsPerModel() {
    assertThat(MinimumCacheTokens.of("claude-sonnet-4-20250514")).isEqualTo(1_024);
    assertThat(MinimumCacheTokens.of("anthropic.claude-sonnet-4-20250514-v1:0")).isEqualTo(1_024);
    assertThat(MinimumCacheTokens.of("claude-3-5-haiku-20241022")).isEqualTo(2_048);
    assertThat(MinimumCacheTokens.of("anthropic.claude-3-haiku-20240307-v1:0")).isEqualTo(2_048);
    assertThat(MinimumCacheTokens.of("claude-haiku-4-5-20251001")).isEqualTo(4_096);
    assertThat(MinimumCacheTokens.of("claude-opus-4-5-20251101")).isEqualTo(4_096);
    assertThat(MinimumCacheTokens.of("amazon.nova-pro-v1:0")).isEqualTo(1_000);
  }
}
