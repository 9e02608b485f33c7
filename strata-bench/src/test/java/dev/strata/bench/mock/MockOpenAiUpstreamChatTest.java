package dev.strata.bench.mock;

import static dev.strata.bench.mock.MockClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MockOpenAiUpstreamChatTest {

  static final String CHAT =
      """
      {"model":"gpt-4o-mini","messages":[
        {"role":"system","content":"Be brief."},
        {"role":"user","content":[{"type":"text","text":"What is the capital of France?"}]}]}
      """;
  static final String TOOLS =
      """
      {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Weather in Paris?"}],
       "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}
      """;

  static MockOpenAiUpstream upstream;
  static MockClient client;

  @BeforeAll
  static void start() {
    upstream = MockOpenAiUpstream.start();
    client = new MockClient(upstream.baseUrl());
  }

  @AfterAll
  static void stop() {
    upstream.close();
  }

  @BeforeEach
  void reset() {
    upstream.reset();
  }

  @Test
  void baseUrl_isLoopbackWithV1() {
    assertThat(upstream.baseUrl()).isEqualTo("http://127.0.0.1:" + upstream.port() + "/v1");
  }

  @Test
  void chatCompletion_hasOpenAiShapeWithRequestedModel() {
    HttpResponse<String> response = client.post("/chat/completions", CHAT);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    JsonNode body = json(response.body());
    assertThat(body.path("id").asText()).startsWith("chatcmpl-");
    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
    assertThat(body.path("created").asLong()).isPositive();
    assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
    JsonNode choice = body.path("choices").path(0);
    assertThat(choice.path("index").asInt()).isZero();
    assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
    assertThat(choice.path("message").path("content").asText())
        .isEqualTo(MockSettings.DEFAULTS.responseText());
    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    JsonNode usage = body.path("usage");
    assertThat(usage.path("prompt_tokens_details").path("cached_tokens").isNumber()).isTrue();
    assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asInt()).isZero();
  }

  @Test
  void usage_countsWhitespaceWords_byDefault() {
    JsonNode usage = json(client.post("/chat/completions", CHAT).body()).path("usage");

    // "Be brief." = 2 words, "What is the capital of France?" = 6 words
    assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(8);
    assertThat(usage.path("completion_tokens").asLong()).isEqualTo(9);
    assertThat(usage.path("total_tokens").asLong()).isEqualTo(17);
    assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asLong()).isZero();
  }

  @Test
  void usage_isFixed_whenConfigured() {
    upstream.update(s -> s.withResponseText("Paris.").withUsage(1200, 3, 1024));

    JsonNode body = json(client.post("/chat/completions", CHAT).body());

    assertThat(body.path("choices").path(0).path("message").path("content").asText())
        .isEqualTo("Paris.");
    JsonNode usage = body.path("usage");
    assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(1200);
    assertThat(usage.path("completion_tokens").asLong()).isEqualTo(3);
    assertThat(usage.path("total_tokens").asLong()).isEqualTo(1203);
    assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asLong()).isEqualTo(1024);
  }

  @Test
  void maxTokens_truncatesAnswerWithFinishReasonLength() {
    String request = CHAT.replace("\"model\"", "\"max_tokens\":3,\"model\"");

    JsonNode body = json(client.post("/chat/completions", request).body());

    JsonNode choice = body.path("choices").path(0);
    assertThat(choice.path("message").path("content").asText()).isEqualTo("This is a");
    assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
    assertThat(body.path("usage").path("completion_tokens").asLong()).isEqualTo(3);
  }

  @Test
  void toolCall_isAnswered_whenToolsOfferedAndConfigured() {
    upstream.update(s -> s.withToolCall("{\"city\":\"Paris\"}"));

    JsonNode choice = json(client.post("/chat/completions", TOOLS).body()).path("choices").path(0);

    assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(choice.path("message").path("content").isNull()).isTrue();
    JsonNode call = choice.path("message").path("tool_calls").path(0);
    assertThat(call.path("id").asText()).startsWith("call_");
    assertThat(call.path("type").asText()).isEqualTo("function");
    assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
    assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
  }

  @Test
  void toolCall_isNotMade_whenNotConfigured() {
    JsonNode choice = json(client.post("/chat/completions", TOOLS).body()).path("choices").path(0);

    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    assertThat(choice.path("message").has("tool_calls")).isFalse();
  }

  @Test
  void unknownModel_gets404ModelNotFound() {
    upstream.update(s -> s.withUnknownModels("gpt-missing"));

    HttpResponse<String> response =
        client.post("/chat/completions", CHAT.replace("gpt-4o-mini", "gpt-missing"));

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = json(response.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("model_not_found");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("message").asText()).contains("gpt-missing");
  }

  @Test
  void missingModel_gets400InvalidRequest() {
    HttpResponse<String> response = client.post("/chat/completions", "{\"messages\":[]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).path("error").path("type").asText())
        .isEqualTo("invalid_request_error");
  }

  @Test
  void requiredApiKey_rejectsOtherKeysWith401() {
    upstream.update(s -> s.withRequiredApiKey("sk-upstream"));

    HttpResponse<String> response = client.post("/chat/completions", CHAT);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response.body()).path("error").path("code").asText())
        .isEqualTo("invalid_api_key");
  }

  @Test
  void unknownPath_gets404() {
    assertThat(client.get("/nothing").statusCode()).isEqualTo(404);
  }
}
