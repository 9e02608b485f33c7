package dev.strata.core.promptcache;

import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a request's candidate cache boundaries in the provider's prefix order (tools, system,
 * messages). Token counts are estimates — four characters a token, a fixed 1,600 for an image —
 * good enough to weigh a prefix against the minimum the provider caches; the caller's own cache
 * points do not change a prefix's hash.
 */
final class PromptBoundaries {
  static final int CHARS_PER_TOKEN = 4;
  static final long IMAGE_TOKENS = 1_600;

  private PromptBoundaries() {}

  static List<Boundary> of(ChatRequest request) {
    MessageDigest digest = sha256();
    long tokens = 0;
    List<Boundary> boundaries = new ArrayList<>();
    List<ToolSpec> tools = request.tools().map(t -> t.tools()).orElse(List.of());
    for (ToolSpec tool : tools) {
      tokens +=
          update(digest, "tool", tool.name() + "\0" + tool.description() + "\0" + tool.inputSchema());
    }
    if (!tools.isEmpty()) {
      boolean marked = tools.get(tools.size() - 1).cachePointAfter().isPresent();
      boundaries.add(new Boundary(Boundary.Kind.TOOLS, -1, tokens, hash(digest), marked));
    }
    if (!request.system().isEmpty()) {
      update(digest, "system", "");
      tokens += blocks(digest, request.system());
      boundaries.add(
          new Boundary(
              Boundary.Kind.SYSTEM, -1, tokens, hash(digest), endsMarked(request.system())));
    }
    List<Message> messages = request.messages();
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      update(digest, "message", message.role().name());
      tokens += blocks(digest, message.content());
      boundaries.add(
          new Boundary(
              Boundary.Kind.MESSAGE, i, tokens, hash(digest), endsMarked(message.content())));
    }
    return List.copyOf(boundaries);
  }

  private static boolean endsMarked(List<ContentBlock> blocks) {
    return !blocks.isEmpty() && blocks.get(blocks.size() - 1) instanceof ContentBlock.CachePoint;
  }

  private static long blocks(MessageDigest digest, List<ContentBlock> blocks) {
    long tokens = 0;
    for (ContentBlock block : blocks) {
      tokens +=
          switch (block) {
            case ContentBlock.Text text -> update(digest, "text", text.text());
            case ContentBlock.Json json -> update(digest, "json", json.value().toString());
            case ContentBlock.ToolUse use ->
                update(digest, "use", use.id() + "\0" + use.name() + "\0" + use.input());
            case ContentBlock.ToolResult result ->
                update(digest, "result", result.toolUseId() + "\0" + result.isError())
                    + blocks(digest, result.content());
            case ContentBlock.Image image -> {
              update(digest, "image", image.mediaType() + "\0" + image.url());
              if (image.isInline()) {
                digest.update(image.data());
              }
              yield IMAGE_TOKENS;
            }
            case ContentBlock.Document document -> {
              update(digest, "document", document.format() + "\0" + document.name());
              digest.update(document.data());
              yield document.data().length / CHARS_PER_TOKEN;
            }
            case ContentBlock.CachePoint point -> 0;
          };
    }
    return tokens;
  }

  /** Feeds a labelled piece to the digest and returns the estimated tokens of its content. */
  private static long update(MessageDigest digest, String label, String content) {
    digest.update(label.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    digest.update(content.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    return (content.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  private static long hash(MessageDigest digest) {
    try {
      byte[] sum = ((MessageDigest) digest.clone()).digest();
      long hash = 0;
      for (int i = 0; i < Long.BYTES; i++) {
        hash = (hash << 8) | (sum[i] & 0xff);
      }
      return hash;
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
