package dev.strata.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CachePolicyTest {
  @Test
  void fromHeaders_none_readsAndStores() {
    assertThat(CachePolicy.fromHeaders(null, null)).isEqualTo(CachePolicy.DEFAULT);
  }

  @Test
  void fromHeaders_strataCacheOff_turnsTheCacheOff() {
    assertThat(CachePolicy.fromHeaders(null, " OFF ")).isEqualTo(CachePolicy.OFF);
  }

  @Test
  void fromHeaders_noCache_skipsReadingButStillStores() {
    assertThat(CachePolicy.fromHeaders("no-cache", null)).isEqualTo(new CachePolicy(false, true));
  }

  @Test
  void fromHeaders_noCacheAndNoStore_turnsTheCacheOff() {
    assertThat(CachePolicy.fromHeaders("max-age=0, No-Store, no-cache", null).isOff()).isTrue();
  }
}
