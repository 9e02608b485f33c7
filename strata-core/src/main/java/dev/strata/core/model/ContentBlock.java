package dev.strata.core.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A typed piece of message content, shaped after Bedrock Converse's content blocks so that every
 * wire format maps onto it without loss.
 */
public sealed interface ContentBlock {

  /** Plain text. */
  record Text(String text) implements ContentBlock {
    public Text {
      requireNonNull(text, "text");
    }
  }

  /** An image, either inline bytes with a media type or a URL the upstream fetches itself. */
  record Image(String mediaType, byte[] data, String url) implements ContentBlock {
    public Image {
      if ((data == null) == (url == null)) {
        throw new IllegalArgumentException("an image has either inline data or a url, not both");
      }
      if (data != null) {
        requireNonNull(mediaType, "mediaType");
      }
    }

    public boolean isInline() {
      return data != null;
    }
  }

  /** A document (pdf, csv, txt, …) given inline. */
  record Document(String format, String name, byte[] data) implements ContentBlock {
    public Document {
      requireNonNull(format, "format");
      requireNonNull(name, "name");
      requireNonNull(data, "data");
    }
  }

  /** The model asks the caller to run a tool with this JSON input. */
  record ToolUse(String id, String name, JsonNode input) implements ContentBlock {
    public ToolUse {
      requireNonNull(id, "id");
      requireNonNull(name, "name");
      requireNonNull(input, "input");
    }
  }

  /** The caller's answer to a {@link ToolUse}; content is text or JSON blocks. */
  record ToolResult(String toolUseId, List<ContentBlock> content, boolean isError)
      implements ContentBlock {
    public ToolResult {
      requireNonNull(toolUseId, "toolUseId");
      content = List.copyOf(requireNonNull(content, "content"));
    }
  }

  /** Structured JSON content, as found inside tool results. */
  record Json(JsonNode value) implements ContentBlock {
    public Json {
      requireNonNull(value, "value");
    }
  }

  /**
   * Marks the end of a prompt prefix that the provider should cache. Providers with explicit cache
   * points (Anthropic, Bedrock) accept at most {@link #MAX_PER_REQUEST} per request; providers that
   * cache on their own (OpenAI, Gemini) need none.
   */
  record CachePoint(CacheTtl ttl) implements ContentBlock {
    /** The most cache points Anthropic and Bedrock accept in one request. */
    public static final int MAX_PER_REQUEST = 4;

    public CachePoint {
      requireNonNull(ttl, "ttl");
    }
  }

  /** How long a provider keeps a cached prompt prefix. */
  enum CacheTtl {
    FIVE_MINUTES,
    ONE_HOUR
  }
}
