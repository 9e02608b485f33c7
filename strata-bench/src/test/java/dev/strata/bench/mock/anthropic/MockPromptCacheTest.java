package dev.strata.bench.mock.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MockPromptCacheTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SYSTEM_2000_TOKENS = "s".repeat(8_000);

  /** A clock the test moves by hand. */
  static final class HandClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  final HandClock clock = new HandClock();
  final MockPromptCache cache = new MockPromptCache(clock, 1_000);

  /** A request: system text with a breakpoint of {@code systemTtl} (null: none), then turns. */
  static JsonNode request(String model, String system, String systemTtl, String... turns) {
    ObjectNode root = MAPPER.createObjectNode().put("model", model).put("max_tokens", 10);
    ObjectNode systemBlock = root.putArray("system").addObject().put("type", "text");
    systemBlock.put("text", system);
    if (systemTtl != null) {
      systemBlock.putObject("cache_control").put("type", "ephemeral").put("ttl", systemTtl);
    }
    ArrayNode messages = root.putArray("messages");
    for (int i = 0; i < turns.length; i++) {
      String text = turns[i];
      boolean marked = text.endsWith("|");
      ObjectNode block =
          messages
              .addObject()
              .put("role", i % 2 == 0 ? "user" : "assistant")
              .putArray("content")
              .addObject()
              .put("type", "text")
              .put("text", marked ? text.substring(0, text.length() - 1) : text);
      if (marked) {
        block.putObject("cache_control").put("type", "ephemeral");
      }
    }
    return root;
  }

  static String tokens(int count) {
    return "u".repeat(count * 4);
  }

  AnthropicMockUsage send(JsonNode request) {
    return cache.usage(request, 9);
  }

  @Test
  void usage_writesThenReadsTheMarkedPrefix() {
    JsonNode request = request("claude-sonnet-4", SYSTEM_2000_TOKENS, "5m", tokens(100));
    assertThat(send(request)).isEqualTo(new AnthropicMockUsage(100, 9, 0, 2_000, 0));
    clock.advance(Duration.ofMinutes(1));
    assertThat(send(request)).isEqualTo(new AnthropicMockUsage(100, 9, 2_000, 0, 0));
  }

  @Test
  void usage_expiresAfterItsTtlUnlessReadRefreshesIt() {
    JsonNode request = request("claude-sonnet-4", SYSTEM_2000_TOKENS, "5m", tokens(100));
    send(request);
    clock.advance(Duration.ofMinutes(4));
    assertThat(send(request).cacheReadInputTokens()).isEqualTo(2_000);
    clock.advance(Duration.ofMinutes(4)); // 8 minutes after the write, 4 after the read
    assertThat(send(request).cacheReadInputTokens()).isEqualTo(2_000);
    clock.advance(Duration.ofMinutes(5));
    assertThat(send(request)).isEqualTo(new AnthropicMockUsage(100, 9, 0, 2_000, 0));
  }

  @Test
  void usage_honoursAnHourTtl() {
    JsonNode request = request("claude-sonnet-4", SYSTEM_2000_TOKENS, "1h", tokens(100));
    assertThat(send(request)).isEqualTo(new AnthropicMockUsage(100, 9, 0, 0, 2_000));
    clock.advance(Duration.ofMinutes(30));
    assertThat(send(request).cacheReadInputTokens()).isEqualTo(2_000);
  }

  @Test
  void usage_neverCachesBelowTheModelsMinimum() {
    JsonNode shortPrompt = request("claude-sonnet-4", "s".repeat(4_000), "5m", tokens(10));
    send(shortPrompt);
    assertThat(send(shortPrompt)).isEqualTo(new AnthropicMockUsage(1_010, 9, 0, 0, 0));
    JsonNode haiku = request("claude-3-5-haiku-20241022", SYSTEM_2000_TOKENS, "5m", tokens(10));
    send(haiku);
    assertThat(send(haiku)).isEqualTo(new AnthropicMockUsage(2_010, 9, 0, 0, 0));
  }

  @Test
  void usage_readsAnEarlierTurnByLookingBackAndWritesOnlyTheNewTail() {
    send(request("claude-sonnet-4", SYSTEM_2000_TOKENS, "5m", tokens(100) + "|"));
    AnthropicMockUsage second =
        send(
            request(
                "claude-sonnet-4", SYSTEM_2000_TOKENS, "5m", tokens(100), tokens(50), tokens(30) + "|"));
    assertThat(second).isEqualTo(new AnthropicMockUsage(0, 9, 2_100, 80, 0));
  }

  @Test
  void usage_unmarkedRequestIsAllInput() {
    JsonNode request = request("claude-sonnet-4", SYSTEM_2000_TOKENS, null, tokens(100));
    send(request);
    assertThat(send(request)).isEqualTo(new AnthropicMockUsage(2_100, 9, 0, 0, 0));
  }

  @Test
  void usage_forgetsTheLeastRecentlyUsedBeyondItsBound() {
    MockPromptCache small = new MockPromptCache(clock, 1);
    JsonNode first = request("claude-sonnet-4", SYSTEM_2000_TOKENS, "5m", tokens(1));
    JsonNode other = request("claude-sonnet-4", "t".repeat(8_000), "5m", tokens(1));
    small.usage(first, 1);
    small.usage(other, 1);
    assertThat(small.usage(first, 1).cacheReadInputTokens()).isZero();
  }
}
