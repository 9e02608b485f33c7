package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.cache.ResponseCacheStatus;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.money.Money;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The response cache over real HTTP in all three wire formats: {@code x-strata-cache} on every
 * answer, the callers' opt-out headers, the ledger rows of hits, and the invalidation API.
 */
class ResponseCacheWireTest {
  private TestServer server;
  private final AtomicInteger upstreamCalls = new AtomicInteger();

  @BeforeEach
  void start() {
    server = TestServer.withResponseCache();
    FakeProvider.Script answer = FakeProvider.streamed(List.of("Paris", " it is."), FakeProvider.DEFAULT_USAGE);
    server.provider.script(
        (call, sink) -> {
          upstreamCalls.incrementAndGet();
          return answer.answer(call, sink);
        });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> openAi(String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        Http.request(server, "/v1/chat/completions")
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + server.apiKey)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return Http.send(request.build());
  }

  private UsageRecord lastRecord() {
    List<UsageRecord> records = server.ledger.records();
    return records.get(records.size() - 1);
  }

  @Test
  void openAi_identicalRequest_isAHitWithNoUpstreamCallAndNoCost() throws Exception {
    String body = Http.chat("gpt-4o", "What is the capital of France?");

    HttpResponse<String> first = openAi(body);
    HttpResponse<String> second = openAi(body);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-strata-cache")).contains("miss");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue("x-strata-cache")).contains("hit-exact");
    assertThat(second.headers().firstValue("x-strata-cost-usd")).contains("0");
    assertThat(second.headers().firstValue("x-strata-model")).contains("gpt-4o");
    assertThat(Http.json(second).at("/choices/0/message/content").asText()).isEqualTo("Paris it is.");
    assertThat(upstreamCalls).hasValue(1);
    Money original = server.cost("gpt-4o", FakeProvider.DEFAULT_USAGE);
    UsageRecord hit = lastRecord();
    assertThat(hit.responseCache()).isEqualTo(ResponseCacheStatus.HIT_EXACT);
    assertThat(hit.cost()).isEqualTo(Money.ZERO);
    assertThat(hit.savedCost()).isEqualTo(original);
  }

  @Test
  void openAi_streamedHit_replaysTheSameText() throws Exception {
    String body =
        "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Capital of Spain?\"}]}";

    HttpResponse<String> first = openAi(body);
    HttpResponse<String> second = openAi(body);

    assertThat(second.headers().firstValue("x-strata-cache")).contains("hit-exact");
    assertThat(upstreamCalls).hasValue(1);
    assertThat(streamedText(second.body())).isEqualTo(streamedText(first.body())).isEqualTo("Paris it is.");
    assertThat(second.body()).contains("data: [DONE]");
  }

  private static String streamedText(String sse) throws Exception {
    StringBuilder text = new StringBuilder();
    for (String line : sse.split("\n")) {
      if (line.startsWith("data: {")) {
        JsonNode content = Http.JSON.readTree(line.substring(6)).at("/choices/0/delta/content");
        if (content.isTextual()) {
          text.append(content.asText());
        }
      }
    }
    return text.toString();
  }

  @Test
  void anthropic_identicalRequest_isAHit() throws Exception {
    String body =
        "{\"model\":\"gpt-4o\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Capital of Peru?\"}]}";
    HttpRequest request =
        Http.request(server, "/v1/messages")
            .header("Content-Type", "application/json")
            .header("x-api-key", server.apiKey)
            .header("anthropic-version", "2023-06-01")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();

    HttpResponse<String> first = Http.send(request);
    HttpResponse<String> second = Http.send(request);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-strata-cache")).contains("miss");
    assertThat(second.headers().firstValue("x-strata-cache")).contains("hit-exact");
    assertThat(Http.json(second).at("/content/0/text").asText()).isEqualTo("Paris it is.");
    assertThat(upstreamCalls).hasValue(1);
  }

  @Test
  void bedrock_identicalConverse_isAHit() throws Exception {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Capital of Chile?\"}]}]}";
    HttpRequest request =
        Http.request(server, "/model/gpt-4o/converse")
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + server.apiKey)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();

    HttpResponse<String> first = Http.send(request);
    HttpResponse<String> second = Http.send(request);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-strata-cache")).contains("miss");
    assertThat(second.headers().firstValue("x-strata-cache")).contains("hit-exact");
    assertThat(Http.json(second).at("/output/message/content/0/text").asText()).isEqualTo("Paris it is.");
    assertThat(upstreamCalls).hasValue(1);
  }

  @Test
  void optOutHeaders_bypassTheCache() throws Exception {
    String body = Http.chat("gpt-4o", "Capital of Italy?");
    openAi(body);

    HttpResponse<String> noCache = openAi(body, "Cache-Control", "no-cache");
    HttpResponse<String> off = openAi(body, "x-strata-cache", "off");

    assertThat(noCache.headers().firstValue("x-strata-cache")).contains("off");
    assertThat(off.headers().firstValue("x-strata-cache")).contains("off");
    assertThat(upstreamCalls).hasValue(3);
    assertThat(lastRecord().responseCache()).isEqualTo(ResponseCacheStatus.OFF);
    assertThat(lastRecord().cost()).isNotEqualTo(Money.ZERO);
  }

  @Test
  void deleteAdminCache_forgetsTheTenantsEntries() throws Exception {
    String body = Http.chat("gpt-4o", "Capital of Japan?");
    openAi(body);

    HttpResponse<String> deleted =
        Http.send(
            Http.request(server, "/admin/cache?tenant=acme&model=gpt-4o")
                .header("Authorization", "Bearer " + server.adminSecret)
                .DELETE()
                .build());
    HttpResponse<String> after = openAi(body);

    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(Http.json(deleted).get("removed").asLong()).isEqualTo(1);
    assertThat(after.headers().firstValue("x-strata-cache")).contains("miss");
    assertThat(upstreamCalls).hasValue(2);
  }

  @Test
  void adminCache_needsTheAdminKeyAndKnownParameters() throws Exception {
    HttpResponse<String> asUser =
        Http.send(
            Http.request(server, "/admin/cache")
                .header("Authorization", "Bearer " + server.apiKey)
                .DELETE()
                .build());
    HttpResponse<String> unknown =
        Http.send(
            Http.request(server, "/admin/cache?team=x")
                .header("Authorization", "Bearer " + server.adminSecret)
                .DELETE()
                .build());
    HttpResponse<String> count = Http.get(server, "/admin/cache", server.adminSecret);

    assertThat(asUser.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(count.statusCode()).isEqualTo(200);
    assertThat(Http.json(count).get("entries").asLong()).isZero();
  }
}
