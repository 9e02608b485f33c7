package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheHeapCheckTest {
  private static final long MB = 1L << 20;

  @Test
  void theShippedDefaults_fit() {
    // bin/strata's 384 MB heap, the 256 MB default cache bound
    assertThat(CacheHeapCheck.warning(256 * MB, 384 * MB)).isEmpty();
  }

  @Test
  void aSmallHeapWithTheDefaultCache_isWarnedAbout_namingBothSettings() {
    assertThat(CacheHeapCheck.warning(256 * MB, 128 * MB))
        .hasValueSatisfying(
            warning ->
                assertThat(warning)
                    .contains("cache.response.maxBytes is 256 MB")
                    .contains("capped at 128 MB")
                    .contains("STRATA_JAVA_OPTS")
                    .contains("redis.url"));
  }

  @Test
  void aSmallHeapWithASmallCache_fits() {
    assertThat(CacheHeapCheck.warning(32 * MB, 128 * MB)).isEmpty();
  }

  @Test
  void anUnboundedHeap_isNeverWarnedAbout() {
    assertThat(CacheHeapCheck.warning(1L << 40, Long.MAX_VALUE)).isEmpty();
  }
}
