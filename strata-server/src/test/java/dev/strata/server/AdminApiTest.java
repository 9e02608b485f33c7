package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.money.Money;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API: only the admin key gets in; keys work and stop working at once; costs add up. */
class AdminApiTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void answerNormally() {
    server.provider.script(FakeProvider.text("ok", FakeProvider.DEFAULT_USAGE));
  }

  @Test
  void adminRoutesRefuseMissingWrongAndVirtualKeys() throws Exception {
    for (String key : new String[] {null, "sk-strata-admin-wrong", server.apiKey}) {
      HttpResponse<String> response = Http.get(server, "/admin/keys", key);

      assertThat(response.statusCode()).as("key %s", key).isEqualTo(401);
      assertThat(Http.error(response).get("type").asText()).isEqualTo("authentication_error");
    }
    assertThat(Http.postJson(server, "/admin/keys", null, "{\"name\":\"x\"}").statusCode())
        .isEqualTo(401);
    assertThat(Http.get(server, "/admin/costs", "nope").statusCode()).isEqualTo(401);
  }

  @Test
  void createdKeyWorksAtOnceAndRevokedKeyStopsAtOnce() throws Exception {
    HttpResponse<String> created =
        Http.postJson(
            server,
            "/admin/keys",
            server.adminSecret,
            "{\"name\":\"ci\",\"team\":\"platform\",\"tags\":{\"env\":\"test\"}}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode key = Http.json(created);
    String secret = key.get("key").asText();
    String id = key.get("id").asText();
    assertThat(secret).startsWith("sk-strata-");
    assertThat(key.get("team").asText()).isEqualTo("platform");
    assertThat(key.at("/tags/env").asText()).isEqualTo("test");

    assertThat(chatWith(secret).statusCode()).isEqualTo(200);

    HttpResponse<String> listed = Http.get(server, "/admin/keys", server.adminSecret);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body())
        .doesNotContain(secret)
        .doesNotContain("secret")
        .doesNotContain("hash");
    JsonNode listedKey =
        StreamSupport.stream(Http.json(listed).get("data").spliterator(), false)
            .filter(k -> k.get("id").asText().equals(id))
            .findFirst()
            .orElseThrow();
    assertThat(secret).startsWith(listedKey.get("display_prefix").asText());
    assertThat(listedKey.get("revoked_at").isNull()).isTrue();

    HttpResponse<String> revoked =
        Http.send(
            Http.request(server, "/admin/keys/" + id)
                .header("Authorization", "Bearer " + server.adminSecret)
                .DELETE()
                .build());
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(Http.json(revoked).get("revoked").asBoolean()).isTrue();

    HttpResponse<String> refused = chatWith(secret);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(Http.error(refused).get("code").asText()).isEqualTo("invalid_api_key");
  }

  @Test
  void revokeByPostAndUnknownIdIs404() throws Exception {
    String id =
        Http.json(Http.postJson(server, "/admin/keys", server.adminSecret, "{\"name\":\"tmp\"}"))
            .get("id")
            .asText();

    HttpResponse<String> revoked =
        Http.postJson(server, "/admin/keys/" + id + "/revoke", server.adminSecret, "");
    HttpResponse<String> unknown =
        Http.postJson(server, "/admin/keys/key_nope/revoke", server.adminSecret, "");

    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Http.error(unknown).get("code").asText()).isEqualTo("key_not_found");
  }

  @Test
  void newKeyNeedsAName() throws Exception {
    HttpResponse<String> response =
        Http.postJson(server, "/admin/keys", server.adminSecret, "{\"team\":\"x\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.error(response).get("param").asText()).isEqualTo("name");
  }

  @Test
  void costsSumTheRequestsOfAKey() throws Exception {
    String secret =
        Http.json(
                Http.postJson(server, "/admin/keys", server.adminSecret, "{\"name\":\"billing\"}"))
            .get("key")
            .asText();
    Money expected = Money.ZERO;
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = chatWith(secret);
      expected =
          expected.plus(
              Money.ofUsd(response.headers().firstValue("x-strata-cost-usd").orElseThrow()));
    }
    String keyId =
        server.keys.list().stream()
            .filter(k -> k.name().equals("billing"))
            .findFirst()
            .orElseThrow()
            .id();

    HttpResponse<String> report =
        Http.get(server, "/admin/costs?since=1h&by=key,model", server.adminSecret);

    assertThat(report.statusCode()).isEqualTo(200);
    JsonNode body = Http.json(report);
    assertThat(body.get("group_by").toString()).isEqualTo("[\"key\",\"model\"]");
    JsonNode row =
        StreamSupport.stream(body.get("data").spliterator(), false)
            .filter(r -> r.at("/group/key").asText().equals(keyId))
            .findFirst()
            .orElseThrow();
    assertThat(row.at("/group/model").asText()).isEqualTo("gpt-4o");
    assertThat(row.get("requests").asLong()).isEqualTo(3);
    assertThat(row.get("input_tokens").asLong()).isEqualTo(36);
    assertThat(row.get("output_tokens").asLong()).isEqualTo(15);
    assertThat(row.get("cost_usd").asText()).isEqualTo(expected.toUsdString());
    assertThat(Money.ofUsd(body.at("/total/cost_usd").asText())).isGreaterThanOrEqualTo(expected);
  }

  @Test
  void costsRefuseBadPeriodsAndGroupings() throws Exception {
    HttpResponse<String> badSince =
        Http.get(server, "/admin/costs?since=yesterday", server.adminSecret);
    HttpResponse<String> badBy = Http.get(server, "/admin/costs?by=colour", server.adminSecret);
    HttpResponse<String> backwards =
        Http.get(server, "/admin/costs?since=2025-02-01&until=2025-01-01", server.adminSecret);

    assertThat(badSince.statusCode()).isEqualTo(400);
    assertThat(Http.error(badSince).get("param").asText()).isEqualTo("since");
    assertThat(badBy.statusCode()).isEqualTo(400);
    assertThat(Http.error(badBy).get("param").asText()).isEqualTo("by");
    assertThat(backwards.statusCode()).isEqualTo(400);
  }

  private static HttpResponse<String> chatWith(String key) throws Exception {
    return Http.send(
        Http.request(server, "/v1/chat/completions")
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofString(Http.chat("gpt-4o", "hi")))
            .build());
  }
}
