package dev.strata.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.Role;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CacheKeyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ChatRequest request(String text, InferenceConfig inference, Optional<ToolConfig> tools) {
    return new ChatRequest(
        "gpt-4o",
        List.of(new ContentBlock.Text("Be brief.")),
        List.of(Message.user(text)),
        inference,
        tools,
        new ResponseFormat.Text(),
        Map.of());
  }

  private static ToolConfig weatherTool(String schema, ToolChoice choice) throws Exception {
    return new ToolConfig(List.of(new ToolSpec("weather", "Current weather", JSON.readTree(schema))), choice);
  }

  @Test
  void of_identicalRequests_giveTheSameKey() {
    assertThat(CacheKey.of("acme", ChatRequest.of("gpt-4o", "What is the capital of France?")))
        .isEqualTo(CacheKey.of("acme", ChatRequest.of("gpt-4o", "What is the capital of France?")));
  }

  @Test
  void of_otherTenant_givesAnotherKey() {
    ChatRequest request = ChatRequest.of("gpt-4o", "What is the capital of France?");
    assertThat(CacheKey.of("acme", request)).isNotEqualTo(CacheKey.of("globex", request));
  }

  @Test
  void of_anyDifferenceThatChangesTheAnswer_givesAnotherDigest() throws Exception {
    InferenceConfig cold = InferenceConfig.DEFAULTS;
    InferenceConfig warm =
        new InferenceConfig(
            cold.maxTokens(), OptionalDouble.of(0.7), cold.topP(), cold.stopSequences(), cold.seed(), cold.user());
    String schema = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";
    ChatRequest base = request("Weather in Paris?", cold, Optional.empty());
    List<ChatRequest> variants =
        List.of(
            request("Weather in Rome?", cold, Optional.empty()),
            request("Weather in Paris?", warm, Optional.empty()),
            request("Weather in Paris?", cold.withMaxTokens(10), Optional.empty()),
            request("Weather in Paris?", cold, Optional.of(weatherTool(schema, new ToolChoice.Auto()))),
            request("Weather in Paris?", cold, Optional.of(weatherTool(schema, new ToolChoice.Any()))),
            base.withModel("gpt-4o-mini"),
            new ChatRequest(
                base.model(), List.of(), base.messages(), cold, Optional.empty(), base.responseFormat(), Map.of()),
            new ChatRequest(
                base.model(), base.system(), base.messages(), cold, Optional.empty(), new ResponseFormat.JsonObject(), Map.of()),
            new ChatRequest(
                base.model(), base.system(), List.of(new Message(Role.ASSISTANT, List.of(new ContentBlock.Text("Weather in Paris?")))),
                cold, Optional.empty(), base.responseFormat(), Map.of()));
    String digest = CacheKey.of("acme", base).digest();

    assertThat(variants).allSatisfy(v -> assertThat(CacheKey.of("acme", v).digest()).isNotEqualTo(digest));
    assertThat(variants.stream().map(v -> CacheKey.of("acme", v).digest()).distinct()).hasSize(variants.size());
  }

  @Test
  void of_metadataCachePointsAndSchemaKeyOrder_doNotChangeTheKey() throws Exception {
    ChatRequest one =
        request(
            "Weather in Paris?",
            InferenceConfig.DEFAULTS,
            Optional.of(weatherTool("{\"type\":\"object\",\"required\":[\"city\"]}", new ToolChoice.Auto())));
    ChatRequest two =
        new ChatRequest(
            one.model(),
            List.of(new ContentBlock.Text("Be brief."), new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES)),
            one.messages(),
            one.inference(),
            Optional.of(weatherTool("{\"required\":[\"city\"],\"type\":\"object\"}", new ToolChoice.Auto())),
            one.responseFormat(),
            Map.of("trace", "abc"));

    assertThat(CacheKey.of("acme", two)).isEqualTo(CacheKey.of("acme", one));
  }
}
