package dev.strata.providers.anthropic;

import dev.strata.core.model.StopReason;

/** Anthropic's {@code stop_reason} values in the canonical vocabulary. */
final class StopReasons {
  private StopReasons() {}

  static StopReason of(String stopReason) {
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
      case "stop_sequence" -> StopReason.STOP_SEQUENCE;
      case "tool_use" -> StopReason.TOOL_USE;
      case "refusal" -> StopReason.CONTENT_FILTERED;
      default -> StopReason.END_TURN;
    };
  }
}
