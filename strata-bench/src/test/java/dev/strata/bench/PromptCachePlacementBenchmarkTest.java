package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.promptcache.PromptCacheCounts;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PromptCachePlacementBenchmarkTest {
  static final PromptCacheBenchOptions SMALL =
      new PromptCacheBenchOptions(3, 4, Duration.ofSeconds(30), Duration.ofSeconds(20), 2);

  @Test
  @Timeout(60)
  void run_automaticPlacementCachesAndEveryStrategyCountsTheSamePrompt() {
    PromptCacheBenchReport report = new PromptCachePlacementBenchmark(SMALL).run();

    long prompt = report.none().usage().totalInputTokens();
    assertThat(report.none().usage().cacheReadInputTokens()).isZero();
    assertThat(report.automatic().usage().totalInputTokens()).isEqualTo(prompt);
    assertThat(report.statics()).hasSize(30);
    assertThat(report.statics())
        .allSatisfy(run -> assertThat(run.usage().totalInputTokens()).isEqualTo(prompt));
    assertThat(report.automatic().usage().cacheReadInputTokens()).isPositive();
    assertThat(report.automatic().inputCost()).isLessThan(report.none().inputCost());
    assertThat(report.counts().requestsSeen()).isEqualTo(12);
    assertThat(report.text()).contains("automatic saves").contains("static placements searched");
  }

  @Test
  void inputCost_pricesEachKindOfTokenAtSonnetsListPrice() {
    var benchmark = new PromptCachePlacementBenchmark(SMALL);
    // 1M each: input $3, read $0.30, 5-minute write $3.75, 1-hour write $6
    assertThat(benchmark.inputCost(new Usage(1_000_000, 7, 1_000_000, 1_000_000, 1_000_000)))
        .isEqualTo(Money.ofUsd("13.05"));
  }

  @Test
  void report_savingAndGapAgainstTheTargets() {
    var none = new PromptCacheBenchReport.Run("none", Usage.ZERO, Money.ofUsd("10"));
    var auto = new PromptCacheBenchReport.Run("auto", Usage.ZERO, Money.ofUsd("2.10"));
    var best = new PromptCacheBenchReport.Run("best", Usage.ZERO, Money.ofUsd("2.00"));
    var worse = new PromptCacheBenchReport.Run("worse", Usage.ZERO, Money.ofUsd("4.00"));
    var report =
        new PromptCacheBenchReport(
            SMALL, none, auto, List.of(worse, best), new PromptCacheCounts(0, 0, 0, 0, 0, 0));
    assertThat(report.bestStatic()).isEqualTo(best);
    assertThat(report.savingPercent()).isEqualByComparingTo("79.0");
    assertThat(report.gapPercent()).isEqualByComparingTo("5.0");
    assertThat(report.savingMet()).isTrue();
    assertThat(report.gapMet()).isTrue();
  }

  @Test
  void staticPlacement_marksTheNamedBoundaries() {
    ChatRequest request = new PromptCacheWorkload(SMALL).request(0, 2);
    ChatRequest marked =
        new PromptCacheStaticPlacement(
                Set.of(
                    PromptCacheStaticPlacement.Where.AFTER_TOOLS,
                    PromptCacheStaticPlacement.Where.AFTER_LATEST_USER_MESSAGE))
            .apply(request);
    assertThat(marked.cachePointCount()).isEqualTo(2);
    assertThat(marked.tools().orElseThrow().tools().getLast().cachePointAfter()).isPresent();
    assertThat(marked.messages().getLast().content().getLast())
        .isInstanceOf(ContentBlock.CachePoint.class);
  }

  @Test
  void options_parseFlagsAndRefuseNonsense() {
    assertThat(PromptCacheBenchOptions.parse("--sessions", "5", "--turn-gap", "60"))
        .isEqualTo(
            new PromptCacheBenchOptions(5, 12, Duration.ofSeconds(60), Duration.ofSeconds(20), 3));
    assertThatThrownBy(() -> PromptCacheBenchOptions.parse("--sessions", "0"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PromptCacheBenchOptions.parse("--bogus", "1"))
        .hasMessageContaining("--bogus");
  }
}
