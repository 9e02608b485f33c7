package dev.strata.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.testing.InMemoryLedger;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Request metrics as Prometheus sees them, fed through the ledger decorator. */
class StrataMetricsTest {
  private static final Map<String, String> GPT_4O = Map.of("gen_ai_request_model", "gpt-4o");

  private final StrataMetrics metrics = new StrataMetrics(new MetricsOptions(200, false));
  private final InMemoryLedger stored = new InMemoryLedger();
  private final Ledger ledger = metrics.metering(stored);

  @AfterEach
  void close() {
    metrics.close();
  }

  private PrometheusText scrape() {
    return new PrometheusText(metrics.scrape());
  }

  @Test
  void promptCachePlacement_isReadAtEachScrape() {
    AtomicReference<dev.strata.core.promptcache.PromptCacheCounts> counts =
        new AtomicReference<>(new dev.strata.core.promptcache.PromptCacheCounts(0, 0, 0, 0, 0, 0));
    metrics.registerPromptCachePlacement(counts::get);
    counts.set(new dev.strata.core.promptcache.PromptCacheCounts(10, 8, 12, 6_000, 2_000, 2_000));

    PrometheusText text = scrape();

    assertThat(text.value("strata_prompt_cache_requests_placed_total", Map.of())).isEqualTo(8);
    assertThat(text.value("strata_prompt_cache_points_placed_total", Map.of())).isEqualTo(12);
    assertThat(text.value("strata_prompt_cache_tokens_total", Map.of("kind", "read"))).isEqualTo(6_000);
    assertThat(text.value("strata_prompt_cache_tokens_total", Map.of("kind", "write"))).isEqualTo(2_000);
    assertThat(text.value("strata_prompt_cache_hit_ratio", Map.of())).isEqualTo(0.6);
  }

  @Test
  void settledRequestsAreCountedByModelProviderWireFormatAndError() {
    ledger.append(Records.chat("gpt-4o", Usage.of(10, 5), Money.ofMicros(7), 300));
    ledger.append(Records.chat("gpt-4o", Usage.of(10, 5), Money.ofMicros(7), 300));
    ledger.append(Records.chat("gpt-4o-mini", Usage.of(10, 5), Money.ofMicros(1), 300));
    ledger.append(Records.failed("gpt-4o", "gpt-4o", "upstream_error", 502));

    PrometheusText text = scrape();

    assertThat(
            text.value(
                "strata_requests_total",
                Map.of(
                    "gen_ai_operation_name", "chat",
                    "gen_ai_request_model", "gpt-4o",
                    "gen_ai_response_model", "gpt-4o",
                    "gen_ai_provider_name", "fake",
                    "strata_wire_format", "openai",
                    "error_type", "")))
        .isEqualTo(2);
    assertThat(
            text.value(
                "strata_requests_total",
                Map.of("gen_ai_request_model", "gpt-4o", "error_type", "upstream_error")))
        .isEqualTo(1);
    assertThat(text.value("strata_requests_total", Map.of("gen_ai_request_model", "gpt-4o-mini")))
        .isEqualTo(1);
    assertThat(text.sum("strata_requests_total", Map.of())).isEqualTo(4);
    assertThat(text.text())
        .doesNotContain("key_abc")
        .doesNotContain("search")
        .doesNotContain("prod");
  }

  @Test
  void tokensAreRecordedPerKindInTokenBuckets() {
    ledger.append(Records.chat("gpt-4o", new Usage(100, 20, 300, 40, 10), Money.ofMicros(9), 500));

    PrometheusText text = scrape();

    assertThat(text.value("gen_ai_client_token_usage_count", type("input"))).isEqualTo(1);
    assertThat(text.value("gen_ai_client_token_usage_sum", type("input"))).isEqualTo(450);
    assertThat(text.value("gen_ai_client_token_usage_sum", type("output"))).isEqualTo(20);
    assertThat(text.value("gen_ai_client_token_usage_sum", type("cache_read"))).isEqualTo(300);
    assertThat(text.value("gen_ai_client_token_usage_sum", type("cache_write"))).isEqualTo(50);
    assertThat(text.value("gen_ai_client_token_usage_bucket", bucket(type("input"), "256.0")))
        .isZero();
    assertThat(text.value("gen_ai_client_token_usage_bucket", bucket(type("input"), "1024.0")))
        .isEqualTo(1);
    assertThat(text.value("gen_ai_client_token_usage_bucket", bucket(type("output"), "16.0")))
        .isZero();
    assertThat(text.value("gen_ai_client_token_usage_bucket", bucket(type("output"), "64.0")))
        .isEqualTo(1);
  }

  @Test
  void requestsThatReachedNoModelRecordNoTokens() {
    ledger.append(Records.failed("no-such-model", "", "not_found", 404));

    PrometheusText text = scrape();

    assertThat(text.find("gen_ai_client_token_usage_count", Map.of())).isEmpty();
    assertThat(text.value("strata_requests_total", Map.of("error_type", "not_found")))
        .isEqualTo(1);
  }

  @Test
  void costIsSummedExactlyInDollars() {
    for (int i = 0; i < 10; i++) {
      ledger.append(Records.chat("gpt-4o", Usage.of(1, 1), Money.ofUsd("0.1"), 100));
    }
    ledger.append(Records.chat("gpt-4o", Usage.of(1, 1), Money.ofPico(1), 100));

    double usd = scrape().value("strata_cost_usd_total", GPT_4O);

    // Ten doubles of 0.1 add up to 0.9999999999999999; the exact sum is 1.000000000001.
    assertThat(new BigDecimal(Double.toString(usd))).isEqualByComparingTo("1.000000000001");
  }

  @Test
  void aModelsFailedAndSuccessfulRequestsAddToOneCostSeries() {
    ledger.append(Records.chat("gpt-4o", Usage.of(1, 1), Money.ofMicros(300), 100));
    ledger.append(
        Records.record(
            "gpt-4o", "gpt-4o", "fake", Usage.of(50, 7), Money.ofMicros(200), true,
            "client_closed", 499, 900, OptionalLong.of(90)));

    PrometheusText text = scrape();

    assertThat(text.find("strata_cost_usd_total", GPT_4O)).hasSize(1);
    assertThat(text.value("strata_cost_usd_total", GPT_4O)).isEqualTo(0.0005);
    assertThat(text.value("gen_ai_client_token_usage_sum", type("input"))).isEqualTo(51);
  }

  @Test
  void costIsLabelledByTier() {
    ledger.append(Records.chat("gpt-4o", Usage.of(1, 1), Money.ofMicros(250), 100));

    assertThat(
            scrape()
                .value(
                    "strata_cost_usd_total",
                    Map.of("gen_ai_request_model", "gpt-4o", "strata_tier", "on_demand")))
        .isEqualTo(0.000250);
  }

  @Test
  void latencyAndTimeToFirstTokenFallIntoLlmSizedBuckets() {
    ledger.append(Records.stream("gpt-4o", Usage.of(10, 10), Money.ZERO, 3_000, 450));
    ledger.append(Records.chat("gpt-4o", Usage.of(10, 10), Money.ZERO, 30));

    PrometheusText text = scrape();

    String duration = "gen_ai_server_request_duration_seconds";
    assertThat(text.value(duration + "_count", GPT_4O)).isEqualTo(2);
    assertThat(text.value(duration + "_bucket", bucket(GPT_4O, "0.02"))).isZero();
    assertThat(text.value(duration + "_bucket", bucket(GPT_4O, "0.04"))).isEqualTo(1);
    assertThat(text.value(duration + "_bucket", bucket(GPT_4O, "2.56"))).isEqualTo(1);
    assertThat(text.value(duration + "_bucket", bucket(GPT_4O, "5.12"))).isEqualTo(2);
    assertThat(text.value(duration + "_bucket", bucket(GPT_4O, "327.68"))).isEqualTo(2);
    String ttft = "gen_ai_server_time_to_first_token_seconds";
    assertThat(text.value(ttft + "_count", GPT_4O)).isEqualTo(1);
    assertThat(text.value(ttft + "_bucket", bucket(GPT_4O, "0.25"))).isZero();
    assertThat(text.value(ttft + "_bucket", bucket(GPT_4O, "0.5"))).isEqualTo(1);
  }

  @Test
  void failedRequestsAreTimedWithTheirErrorTypeButGiveNoTimeToFirstToken() {
    ledger.append(
        Records.record(
            "gpt-4o", "gpt-4o", "fake", Usage.of(5, 2), Money.ZERO, true, "upstream_error", 502,
            1_000, OptionalLong.of(100)));

    PrometheusText text = scrape();

    assertThat(
            text.value(
                "gen_ai_server_request_duration_seconds_count",
                Map.of("error_type", "upstream_error")))
        .isEqualTo(1);
    assertThat(text.find("gen_ai_server_time_to_first_token_seconds_count", Map.of())).isEmpty();
  }

  @Test
  void promptCacheOutcomesAreCountedForSuccessfulRequests() {
    ledger.append(Records.chat("gpt-4o", new Usage(10, 1, 500, 0, 0), Money.ZERO, 10));
    ledger.append(Records.chat("gpt-4o", new Usage(10, 1, 0, 500, 0), Money.ZERO, 10));
    ledger.append(Records.chat("gpt-4o", new Usage(10, 1, 0, 0, 0), Money.ZERO, 10));
    ledger.append(Records.chat("gpt-4o", new Usage(10, 1, 0, 0, 0), Money.ZERO, 10));
    ledger.append(Records.failed("gpt-4o", "gpt-4o", "upstream_timeout", 504));

    PrometheusText text = scrape();

    String name = "strata_prompt_cache_requests_total";
    assertThat(text.value(name, Map.of("strata_prompt_cache_outcome", "read"))).isEqualTo(1);
    assertThat(text.value(name, Map.of("strata_prompt_cache_outcome", "write"))).isEqualTo(1);
    assertThat(text.value(name, Map.of("strata_prompt_cache_outcome", "none"))).isEqualTo(2);
  }

  @Test
  void onlyFailuresOfTheUpstreamCountAsUpstreamErrors() {
    ledger.append(Records.failed("gpt-4o", "gpt-4o", "upstream_timeout", 504));
    ledger.append(Records.failed("gpt-4o", "gpt-4o", "upstream_timeout", 504));
    ledger.append(Records.failed("gpt-4o", "gpt-4o", "unavailable", 503));
    ledger.append(Records.failed("gpt-4o", "gpt-4o", "upstream_error", 502));
    ledger.append(Records.failed("gpt-4o", "", "rate_limited", 429));
    ledger.append(Records.failed("gpt-4o", "", "invalid_request", 400));
    ledger.append(Records.chat("gpt-4o", Usage.of(1, 1), Money.ZERO, 10));

    PrometheusText text = scrape();

    String name = "strata_upstream_errors_total";
    assertThat(
            text.value(
                name,
                Map.of(
                    "gen_ai_provider_name", "fake",
                    "error_type", "upstream_timeout",
                    "http_response_status_code", "504")))
        .isEqualTo(2);
    assertThat(text.value(name, Map.of("error_type", "unavailable"))).isEqualTo(1);
    assertThat(text.value(name, Map.of("error_type", "upstream_error"))).isEqualTo(1);
    assertThat(text.sum(name, Map.of())).isEqualTo(4);
    assertThat(text.value("strata_requests_total", Map.of("error_type", "rate_limited")))
        .isEqualTo(1);
  }

  @Test
  void modelLabelsBeyondTheBoundAreCountedAsOther() {
    try (StrataMetrics bounded = new StrataMetrics(new MetricsOptions(2, false))) {
      Ledger metered = bounded.metering(new InMemoryLedger());
      for (String model : List.of("a", "b", "c", "d", "a")) {
        metered.append(Records.failed(model, "", "not_found", 404));
      }

      PrometheusText text = new PrometheusText(bounded.scrape());

      assertThat(text.value("strata_requests_total", Map.of("gen_ai_request_model", "a")))
          .isEqualTo(2);
      assertThat(text.value("strata_requests_total", Map.of("gen_ai_request_model", "b")))
          .isEqualTo(1);
      assertThat(text.value("strata_requests_total", Map.of("gen_ai_request_model", "_other")))
          .isEqualTo(2);
      assertThat(text.find("strata_requests_total", Map.of("gen_ai_request_model", "c")))
          .isEmpty();
    }
  }

  @Test
  void everyRecordReachesTheLedgerOnceAndIsCountedOnceUnderConcurrency() throws Exception {
    int threads = 8;
    int perThread = 250;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    ledger.append(Records.chat("gpt-4o", Usage.of(2, 3), Money.ofMicros(1), 10));
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    }

    List<UsageRecord> records = stored.records();
    assertThat(records).hasSize(threads * perThread);
    assertThat(new HashSet<>(records)).hasSize(threads * perThread);
    PrometheusText text = scrape();
    assertThat(text.value("strata_requests_total", GPT_4O)).isEqualTo(threads * perThread);
    assertThat(text.value("gen_ai_client_token_usage_sum", type("output")))
        .isEqualTo(3.0 * threads * perThread);
    assertThat(text.value("strata_cost_usd_total", GPT_4O)).isEqualTo(0.002);
  }

  @Test
  void aRecordTheLedgerRefusesFailsTheAppendAndIsNotCounted() {
    Ledger refusing = metrics.metering(new RefusingLedger());

    assertThatThrownBy(
            () -> refusing.append(Records.chat("gpt-4o", Usage.of(1, 1), Money.ZERO, 10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ledger is closed");
    assertThat(scrape().find("strata_requests_total", Map.of())).isEmpty();
  }

  @Test
  void anObserverThatFailsNeverLosesTheRecord() {
    AtomicInteger observed = new AtomicInteger();
    Ledger observedLedger =
        new ObservedLedger(
            stored,
            record -> {
              observed.incrementAndGet();
              throw new IllegalStateException("observer broke");
            },
            "test");
    UsageRecord record = Records.chat("gpt-4o", Usage.of(1, 1), Money.ZERO, 10);

    observedLedger.append(record);

    assertThat(stored.records()).containsExactly(record);
    assertThat(observed).hasValue(1);
  }

  @Test
  void flushAndCloseReachTheRealLedger() {
    ledger.append(Records.chat("gpt-4o", Usage.of(1, 1), Money.ZERO, 10));
    ledger.flush();
    ledger.close();

    assertThat(stored.isClosed()).isTrue();
    assertThat(stored.records()).hasSize(1);
  }

  @Test
  void budgetUtilisationIsReadAtEachScrapeAndCanBeReplacedAndRemoved() {
    AtomicReference<Double> used = new AtomicReference<>(0.25);
    metrics.registerBudgetUtilisation("team-search-monthly", used::get);
    metrics.registerBudgetUtilisation("deployment-daily", () -> 1.2);
    String name = "strata_budget_utilisation_ratio";
    Map<String, String> search = Map.of("strata_budget", "team-search-monthly");

    assertThat(scrape().value(name, search)).isEqualTo(0.25);
    used.set(0.8);
    assertThat(scrape().value(name, search)).isEqualTo(0.8);
    assertThat(scrape().value(name, Map.of("strata_budget", "deployment-daily"))).isEqualTo(1.2);

    metrics.registerBudgetUtilisation("team-search-monthly", () -> 0.1);
    assertThat(scrape().value(name, search)).isEqualTo(0.1);

    assertThat(metrics.removeBudgetUtilisation("team-search-monthly")).isTrue();
    assertThat(metrics.removeBudgetUtilisation("team-search-monthly")).isFalse();
    assertThat(scrape().find(name, search)).isEmpty();
    assertThat(scrape().find(name, Map.of())).hasSize(1);
  }

  @Test
  void inFlightRequestsAreReadAtEachScrape() {
    AtomicInteger inFlight = new AtomicInteger(3);
    metrics.registerInFlightRequests(inFlight::get);

    assertThat(scrape().value("strata_requests_in_flight", Map.of())).isEqualTo(3);
    inFlight.set(0);
    assertThat(scrape().value("strata_requests_in_flight", Map.of())).isZero();
  }

  @Test
  void requestBodiesHeldAndRefusedAreReadAtEachScrape() {
    AtomicLong held = new AtomicLong(4_096);
    AtomicLong refused = new AtomicLong();
    metrics.registerRequestBodies(held::get, refused::get);

    assertThat(scrape().value("strata_request_body_held_bytes", Map.of())).isEqualTo(4_096);
    assertThat(scrape().value("strata_request_body_refused_total", Map.of())).isZero();
    held.set(0);
    refused.set(2);
    assertThat(scrape().value("strata_request_body_held_bytes", Map.of())).isZero();
    assertThat(scrape().value("strata_request_body_refused_total", Map.of())).isEqualTo(2);
  }

  @Test
  void jvmMetricsArePublishedWhenAskedFor() {
    try (StrataMetrics withJvm = new StrataMetrics(MetricsOptions.DEFAULTS)) {
      PrometheusText text = new PrometheusText(withJvm.scrape());

      assertThat(text.find("jvm_memory_used_bytes", Map.of())).isNotEmpty();
      assertThat(text.find("process_uptime_seconds", Map.of())).isNotEmpty();
    }
  }

  @Test
  void optionsRejectALabelBoundBelowOne() {
    assertThatThrownBy(() -> new MetricsOptions(0, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metrics.maxValuesPerLabel");
  }

  private static Map<String, String> type(String tokenType) {
    return Map.of("gen_ai_request_model", "gpt-4o", "gen_ai_token_type", tokenType);
  }

  private static Map<String, String> bucket(Map<String, String> labels, String le) {
    Map<String, String> withLe = new java.util.HashMap<>(labels);
    withLe.put("le", le);
    return withLe;
  }

  /** A ledger that refuses every record, as a closed one does. */
  private static final class RefusingLedger implements Ledger {
    @Override
    public void append(UsageRecord record) {
      throw new IllegalStateException("the ledger is closed");
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

}
