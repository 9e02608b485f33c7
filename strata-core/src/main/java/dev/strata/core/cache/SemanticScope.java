package dev.strata.core.cache;

import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import java.util.Optional;

/**
 * The scope strings the response cache uses with a {@link SemanticIndex} — tenant, then model, then
 * a digest of the system prompt and every parameter — and the prompt text it compares. A scope
 * starts with {@link #prefix}, so a tenant's (or a tenant and model's) entries go together.
 */
public final class SemanticScope {
  private static final char SEPARATOR = '\u001f';

  private SemanticScope() {}

  /** The scope of {@code request} made by {@code tenant}. */
  public static String of(String tenant, ChatRequest request) {
    return prefix(tenant, request.model()) + CanonicalRequest.settingsDigest(request);
  }

  /** The prefix shared by the scopes of {@code tenant} and, when not empty, {@code model}. */
  public static String prefix(String tenant, String model) {
    return model.isEmpty()
        ? tenant + SEPARATOR
        : tenant + SEPARATOR + model + SEPARATOR;
  }

  /**
   * The conversation as one text — each message on its own line, prefixed by its role when there
   * is more than one — or empty when a message holds anything but text (images, tool calls).
   */
  public static Optional<String> promptText(ChatRequest request) {
    StringBuilder text = new StringBuilder();
    boolean roles = request.messages().size() > 1;
    for (Message message : request.messages()) {
      if (!text.isEmpty()) {
        text.append('\n');
      }
      if (roles) {
        text.append(message.role().name().toLowerCase(java.util.Locale.ROOT)).append(": ");
      }
      for (ContentBlock block : message.content()) {
        switch (block) {
          case ContentBlock.Text t -> text.append(t.text());
          case ContentBlock.CachePoint point -> {}
          default -> {
            return Optional.empty();
          }
        }
      }
    }
    return Optional.of(text.toString());
  }
}
