package dev.strata.providers.gemini;

import dev.strata.core.model.StopReason;

/** Gemini's {@code finishReason} values in the canonical vocabulary. */
final class FinishReasons {
  private FinishReasons() {}

  /** A stop with a function call is a tool use: Gemini says {@code STOP} for both. */
  static StopReason of(String finishReason, boolean calledFunction) {
    return switch (finishReason) {
      case "MAX_TOKENS" -> StopReason.MAX_TOKENS;
      case "SAFETY",
          "RECITATION",
          "BLOCKLIST",
          "PROHIBITED_CONTENT",
          "SPII",
          "IMAGE_SAFETY",
          "LANGUAGE" ->
          StopReason.CONTENT_FILTERED;
      default -> calledFunction ? StopReason.TOOL_USE : StopReason.END_TURN;
    };
  }
}
