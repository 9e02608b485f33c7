package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.store.Database;
import dev.strata.store.SqlLedgerReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graceful stop under load loses no usage record: the ledger is configured so that nothing would
 * be written before shutdown on its own (a 10-minute flush interval, huge batches), then Strata is
 * closed while requests are in flight.
 */
@Timeout(180)
class LedgerDrainOnShutdownTest {
  private static final int REQUESTS = 300;

  @TempDir Path dir;

  @Test
  void gracefulShutdownUnderLoad_storesARecordForEveryAnsweredRequest() throws Exception {
    try (MockOpenAiUpstream upstream =
        MockOpenAiUpstream.start(MockSettings.DEFAULTS.withLatency(Duration.ofMillis(200)).withUsage(10, 5, 0))) {
      TestDeployment deployment =
          new TestDeployment(
              dir,
              TestDeployment.mockProvider(upstream.baseUrl())
                  + "local:\n  enabled: false\nledger:\n  flushInterval: 10m\n  batchSize: 100000\n");
      Strata strata = deployment.start();
      String key = deployment.createKey();
      List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
      try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
        for (int i = 0; i < REQUESTS; i++) {
          responses.add(
              http.sendAsync(
                  HttpRequest.newBuilder(URI.create(deployment.serverUrl() + "/v1/chat/completions"))
                      .header("Authorization", "Bearer " + key)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(
                          "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"n" + i + "\"}]}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString()));
        }
        awaitInFlight(upstream, REQUESTS / 3);
        assertThat(strata.ledger().written()).as("nothing stored before shutdown").isZero();

        strata.close();

        Set<String> answered = new java.util.HashSet<>();
        for (CompletableFuture<HttpResponse<String>> future : responses) {
          try {
            HttpResponse<String> response = future.join();
            if (response.statusCode() == 200) {
              answered.add(response.headers().firstValue("x-request-id").orElseThrow());
            }
          } catch (java.util.concurrent.CompletionException refusedAfterStop) {
            // connections opened after the server stopped accepting are refused: not billed
          }
        }
        List<UsageRecord> stored;
        try (Database database = Database.open(deployment.config().storeUrl())) {
          stored = new SqlLedgerReader(database).latest(10_000);
        }
        Set<String> storedIds = stored.stream().map(UsageRecord::requestId).collect(Collectors.toSet());

        assertThat(answered).hasSizeGreaterThanOrEqualTo(REQUESTS / 3);
        assertThat(storedIds).containsAll(answered);
        assertThat(stored).hasSize(storedIds.size());
        assertThat(stored.stream().filter(UsageRecord::isSuccess).count()).isEqualTo(answered.size());
      }
    }
  }

  private static void awaitInFlight(MockOpenAiUpstream upstream, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (upstream.requestCount() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + upstream.requestCount() + " requests reached the upstream");
      }
      Thread.sleep(5);
    }
  }
}
