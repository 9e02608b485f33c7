package dev.strata.providers.local;

import static java.util.Objects.requireNonNull;

/**
 * A request's prompt as the engine evaluates it: the chat template's text, and its tokens with BOS
 * (and EOS) where the model adds them. The token count is the request's input usage.
 */
record PreparedPrompt(String text, int[] tokens) {
  PreparedPrompt {
    requireNonNull(text, "text");
    requireNonNull(tokens, "tokens");
  }
}
