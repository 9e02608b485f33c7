package dev.strata.core.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Locale;

/**
 * Exact token counters for OpenAI models (jtokkit): o200k_base for the GPT-4o, GPT-4.1, GPT-5 and o
 * families, cl100k_base for older ones. For other vendors' models they are an estimate.
 */
public final class OpenAiTokenCounters {
  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

  private OpenAiTokenCounters() {}

  public static TokenCounter forModel(String model) {
    Encoding encoding = REGISTRY.getEncoding(encodingFor(model));
    return text -> encoding.countTokensOrdinary(text);
  }

  static EncodingType encodingFor(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    if (m.startsWith("gpt-4o")
        || m.startsWith("gpt-4.1")
        || m.startsWith("gpt-4.5")
        || m.startsWith("gpt-5")
        || m.startsWith("chatgpt-4o")
        || m.length() > 1 && m.charAt(0) == 'o' && Character.isDigit(m.charAt(1))) {
      return EncodingType.O200K_BASE;
    }
    return EncodingType.CL100K_BASE;
  }
}
