package dev.strata.providers.local;

import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.provider.ModelCall;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Chat requests for engine tests: seeded, so the tiny model's answers repeat. */
final class Requests {
  private static final String[] WORDS = {
    "alpha", "river", "stone", "cloud", "mirror", "garden", "lantern", "copper", "violet", "harbor"
  };

  private Requests() {}

  static ModelCall call(String system, String user, int maxTokens, long seed, List<String> stops) {
    return new ModelCall(request(system, user, maxTokens, seed, stops), "ignored-model-name");
  }

  static ModelCall call(String user, int maxTokens, long seed) {
    return call("", user, maxTokens, seed, List.of());
  }

  static ChatRequest request(
      String system, String user, int maxTokens, long seed, List<String> stops) {
    return new ChatRequest(
        "local",
        system.isEmpty() ? List.of() : List.of(new ContentBlock.Text(system)),
        List.of(Message.user(user)),
        new InferenceConfig(
            OptionalInt.of(maxTokens),
            OptionalDouble.of(0.8),
            OptionalDouble.empty(),
            stops,
            OptionalLong.of(seed),
            Optional.empty()),
        Optional.empty(),
        new ResponseFormat.Text(),
        Map.of());
  }

  /** About {@code words} words of filler text, different for each {@code variant}. */
  static String filler(String variant, int words) {
    StringBuilder text = new StringBuilder(variant).append(':');
    for (int i = 0; i < words; i++) {
      text.append(' ').append(WORDS[(i * 7 + variant.length()) % WORDS.length]).append(i % 13);
    }
    return text.toString();
  }
}
