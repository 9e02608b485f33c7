package dev.strata.core.model;

/** Who authored a message in a conversation. System text lives in {@link ChatRequest#system()}. */
public enum Role {
  USER,
  ASSISTANT
}
