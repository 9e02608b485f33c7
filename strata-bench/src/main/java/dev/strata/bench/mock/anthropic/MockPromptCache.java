package dev.strata.bench.mock.anthropic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * Anthropic's prompt cache as the mock plays it. The prompt is hashed block by block in
 * Anthropic's order (tools, system, messages); at each {@code cache_control} breakpoint the
 * longest prefix written within its time to live — looking back up to 20 blocks — is read, and
 * the prefix up to the last breakpoint beyond it is written, split by each breakpoint's ttl
 * ({@code "1h"}, else 5 minutes). Prefixes shorter than the model's minimum (4,096 tokens for Opus
 * 4.5/4.6 and Haiku 4.5, 2,048 for older Haiku, 1,024 otherwise) are never cached. A read refreshes the ttl. Tokens are estimated at four
 * characters of block text a token. Bounded (least recently used entries go first), thread-safe.
 */
final class MockPromptCache {
  static final int LOOK_BACK_BLOCKS = 20;
  static final int CHARS_PER_TOKEN = 4;

  private final Clock clock;
  private final int maxEntries;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

  private record Entry(Instant expires, Duration ttl) {}

  /** One block of the prompt: tokens up to its end, the prefix hash, its breakpoint if any. */
  private record Block(long prefixTokens, String prefixHash, Duration breakpointTtl) {}

  MockPromptCache(Clock clock, int maxEntries) {
    this.clock = requireNonNull(clock, "clock");
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  /** The usage Anthropic would report for this Messages request body. */
  AnthropicMockUsage usage(JsonNode request, long outputTokens) {
    List<Block> blocks = blocks(request);
    long total = blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1).prefixTokens();
    long minimum = minimumTokens(request.path("model").asText(""));
    Instant now = clock.instant();
    synchronized (this) {
      int hit = -1;
      for (int b = 0; b < blocks.size(); b++) {
        if (blocks.get(b).breakpointTtl() == null) {
          continue;
        }
        for (int j = b; j >= Math.max(0, b - LOOK_BACK_BLOCKS) && j > hit; j--) {
          Entry entry = entries.get(blocks.get(j).prefixHash());
          if (entry != null && now.isBefore(entry.expires())) {
            hit = j;
            break;
          }
        }
      }
      long read = 0;
      if (hit >= 0) {
        Block block = blocks.get(hit);
        Entry entry = entries.get(block.prefixHash());
        entries.put(block.prefixHash(), new Entry(now.plus(entry.ttl()), entry.ttl()));
        read = block.prefixTokens();
      }
      long written5m = 0;
      long written1h = 0;
      long covered = read;
      for (int b = hit + 1; b < blocks.size(); b++) {
        Block block = blocks.get(b);
        if (block.breakpointTtl() == null || block.prefixTokens() < minimum) {
          continue;
        }
        long segment = block.prefixTokens() - covered;
        if (block.breakpointTtl().equals(Duration.ofHours(1))) {
          written1h += segment;
        } else {
          written5m += segment;
        }
        covered = block.prefixTokens();
        entries.put(
            block.prefixHash(), new Entry(now.plus(block.breakpointTtl()), block.breakpointTtl()));
      }
      while (entries.size() > maxEntries) {
        entries.remove(entries.keySet().iterator().next());
      }
      return new AnthropicMockUsage(
          total - covered, outputTokens, read, written5m, written1h);
    }
  }

  synchronized void clear() {
    entries.clear();
  }

  static long minimumTokens(String model) {
    String name = model.toLowerCase(Locale.ROOT);
    if (name.contains("opus-4-5") || name.contains("opus-4-6") || name.contains("haiku-4-5")) {
      return 4_096;
    }
    return name.contains("haiku") ? 2_048 : 1_024;
  }

  private static List<Block> blocks(JsonNode request) {
    MessageDigest digest = sha256();
    List<Block> blocks = new ArrayList<>();
    long[] tokens = {0};
    for (JsonNode tool : request.path("tools")) {
      add(digest, blocks, tokens, "tool", tool, tool.path("input_schema").toString());
    }
    JsonNode system = request.path("system");
    if (system.isTextual()) {
      add(digest, blocks, tokens, "system", system, system.asText());
    } else {
      for (JsonNode block : system) {
        add(digest, blocks, tokens, "system", block, "");
      }
    }
    for (JsonNode message : request.path("messages")) {
      String role = message.path("role").asText();
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        add(digest, blocks, tokens, role, content, content.asText());
      } else {
        for (JsonNode block : content) {
          add(digest, blocks, tokens, role, block, "");
        }
      }
    }
    return blocks;
  }

  private static void add(
      MessageDigest digest,
      List<Block> blocks,
      long[] tokens,
      String where,
      JsonNode block,
      String extraText) {
    Duration ttl = null;
    JsonNode canonical = block;
    if (block.isObject() && block.has("cache_control")) {
      ttl = "1h".equals(block.path("cache_control").path("ttl").asText())
          ? Duration.ofHours(1)
          : Duration.ofMinutes(5);
      canonical = ((ObjectNode) block).deepCopy().without("cache_control");
    }
    digest.update((where + "\0" + canonical + "\0").getBytes(StandardCharsets.UTF_8));
    tokens[0] += (text(block).length() + extraText.length()) / CHARS_PER_TOKEN;
    blocks.add(new Block(tokens[0], prefixHash(digest), ttl));
  }

  /** The text a block contributes to the token estimate. */
  private static String text(JsonNode block) {
    if (block.isTextual()) {
      return "";
    }
    return switch (block.path("type").asText()) {
      case "text" -> block.path("text").asText();
      case "tool_use" -> block.path("name").asText() + block.path("input");
      case "tool_result" -> block.path("content").toString();
      default -> block.path("name").asText() + block.path("description").asText();
    };
  }

  private static String prefixHash(MessageDigest digest) {
    try {
      return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest(), 0, 16);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests are cloneable in the JDK", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
