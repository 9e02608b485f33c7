package dev.strata.core.promptcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefixLearnerTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  static List<Boundary> prefixes(long... hashes) {
    return java.util.Arrays.stream(hashes)
        .mapToObj(h -> new Boundary(Boundary.Kind.SYSTEM, -1, 2_000, h, false))
        .toList();
  }

  @Test
  void observe_countsRecurrencesWithinTheLifetime() {
    PrefixLearner learner = new PrefixLearner(100, 1 << 20, FIVE_MINUTES);
    assertThat(learner.observe("t\0m", prefixes(1, 2), T0)).containsExactly(0, 0);
    assertThat(learner.observe("t\0m", prefixes(1, 3), T0.plusSeconds(60))).containsExactly(1, 0);
    assertThat(learner.observe("t\0m", prefixes(1), T0.plusSeconds(300))).containsExactly(2);
  }

  @Test
  void observe_forgetsAPrefixWhoseCacheWouldHaveExpired() {
    PrefixLearner learner = new PrefixLearner(100, 1 << 20, FIVE_MINUTES);
    learner.observe("t\0m", prefixes(1), T0);
    assertThat(learner.observe("t\0m", prefixes(1), T0.plusSeconds(301))).containsExactly(0);
  }

  @Test
  void observe_keepsTenantsApart() {
    PrefixLearner learner = new PrefixLearner(100, 1 << 20, FIVE_MINUTES);
    learner.observe("a\0m", prefixes(1), T0);
    assertThat(learner.observe("b\0m", prefixes(1), T0)).containsExactly(0);
  }

  @Test
  void observe_evictsTheLeastRecentlySeenBeyondItsBounds() {
    PrefixLearner byEntries = new PrefixLearner(2, 1 << 20, FIVE_MINUTES);
    byEntries.observe("s", prefixes(1, 2), T0);
    byEntries.observe("s", prefixes(1), T0); // 2 is now the eldest
    byEntries.observe("s", prefixes(3), T0);
    assertThat(byEntries.size()).isEqualTo(2);
    assertThat(byEntries.observe("s", prefixes(1), T0)).containsExactly(2);
    assertThat(byEntries.observe("s", prefixes(2), T0)).as("evicted").containsExactly(0);

    long oneEntry = PrefixLearner.ENTRY_OVERHEAD_BYTES + 2;
    PrefixLearner byBytes = new PrefixLearner(100, 3 * oneEntry, FIVE_MINUTES);
    byBytes.observe("s", prefixes(1, 2, 3, 4, 5), T0);
    assertThat(byBytes.size()).isEqualTo(3);
  }
}
