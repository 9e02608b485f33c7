package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.ledger.RequestIds;
import dev.strata.core.ledger.UsageRecord;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestIdTest {

  @Test
  void theRequestIdEncodesTheArrivalTheLedgerRecords() throws Exception {
    try (TestServer server = new TestServer()) {
      Instant before = server.clock.instant();
      HttpResponse<String> response =
          Http.postJson(server, "/v1/chat/completions", server.apiKey, Http.chat("gpt-4o", "Hi"));
      Instant after = server.clock.instant();

      assertThat(response.statusCode()).isEqualTo(200);
      String requestId = response.headers().firstValue("x-request-id").orElseThrow();
      assertThat(requestId).matches("[0-9A-Za-z]{22}");
      assertThat(timePrefix(requestId))
          .isBetween(timePrefix(RequestIds.next(before)), timePrefix(RequestIds.next(after)));

      UsageRecord record = server.ledger.awaitRecord(requestId, Duration.ofSeconds(5));
      assertThat(timePrefix(requestId)).isEqualTo(timePrefix(RequestIds.next(record.startedAt())));
    }
  }

  private static String timePrefix(String requestId) {
    return requestId.substring(0, 8);
  }
}
