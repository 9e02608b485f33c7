package dev.strata.core.model;

/** Why the model stopped, in Bedrock Converse's vocabulary. */
public enum StopReason {
  END_TURN,
  TOOL_USE,
  MAX_TOKENS,
  STOP_SEQUENCE,
  CONTENT_FILTERED,
  GUARDRAIL_INTERVENED
}
