package dev.strata.core.promptcache;

/**
 * A place a cache point may go: the end of the tool list, of the system prompt, or of one message,
 * with the estimated tokens of the prompt prefix up to it and a hash of that prefix.
 *
 * @param kind where the boundary is
 * @param messageIndex the message it ends, for {@link Kind#MESSAGE}; -1 otherwise
 * @param prefixTokens estimated tokens from the start of the prompt to here
 * @param prefixHash hash of the canonical prefix (tools, then system, then messages)
 * @param marked whether the caller already put a cache point here
 */
record Boundary(Kind kind, int messageIndex, long prefixTokens, long prefixHash, boolean marked) {
  enum Kind {
    TOOLS,
    SYSTEM,
    MESSAGE
  }

  Boundary {
    if ((kind == Kind.MESSAGE) != (messageIndex >= 0)) {
      throw new IllegalArgumentException("only a message boundary has a message index");
    }
    if (prefixTokens < 0) {
      throw new IllegalArgumentException("prefixTokens cannot be negative");
    }
  }
}
