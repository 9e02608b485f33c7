package dev.strata.server.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.model.Usage;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Cache reads and writes go back out through Bedrock's own usage fields without loss. */
class UsageEncodingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Writes one usage object the way an encoder does, and reads it back. */
  private interface UsageWriter {
    void write(JsonGenerator json, Usage usage) throws IOException;
  }

  private static JsonNode written(UsageWriter writer, Usage usage) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
      json.writeStartObject();
      writer.write(json, usage);
      json.writeEndObject();
    }
    return JSON.readTree(out.toString()).get("usage");
  }

  @Test
  void converseUsage_splitsCacheWritesByTtlInCacheDetails() throws IOException {
    JsonNode usage = written(ConverseEncoder::usage, new Usage(10, 20, 300, 40, 50));

    assertThat(usage)
        .isEqualTo(
            JSON.readTree(
                """
                {"inputTokens":10,"outputTokens":20,"totalTokens":420,
                 "cacheReadInputTokens":300,"cacheWriteInputTokens":90,
                 "cacheDetails":[{"ttl":"5m","inputTokens":40},{"ttl":"1h","inputTokens":50}]}
                """));
  }

  @Test
  void converseUsage_withoutCacheWrites_hasNoCacheDetails() throws IOException {
    JsonNode usage = written(ConverseEncoder::usage, new Usage(10, 20, 300, 0, 0));

    assertThat(usage.has("cacheDetails")).isFalse();
    assertThat(usage.get("cacheReadInputTokens").asLong()).isEqualTo(300);
  }

  @Test
  void invokeModelAnthropicUsage_carriesTheCacheCreationSplit() throws IOException {
    JsonNode usage = written(AnthropicBodyEncoder::usage, new Usage(10, 20, 300, 40, 50));

    assertThat(usage)
        .isEqualTo(
            JSON.readTree(
                """
                {"input_tokens":10,"cache_creation_input_tokens":90,"cache_read_input_tokens":300,
                 "cache_creation":{"ephemeral_5m_input_tokens":40,"ephemeral_1h_input_tokens":50},
                 "output_tokens":20}
                """));
  }
}
