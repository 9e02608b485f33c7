package dev.strata.bench.mock;

import com.fasterxml.jackson.databind.JsonNode;

/** The mock's stand-in for a tokenizer: one token per whitespace-separated word. */
final class TokenEstimate {

  private TokenEstimate() {}

  static long words(String text) {
    long words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }

  /** Words of every message's content, whether a string or an array of text parts. */
  static long prompt(JsonNode chatRequest) {
    long words = 0;
    for (JsonNode message : chatRequest.path("messages")) {
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        words += words(content.asText());
      }
      for (JsonNode part : content) {
        words += words(part.path("text").asText(""));
      }
    }
    return words;
  }

  /** Words of a text input, or the length of a token-array input. */
  static long embeddingInput(JsonNode input) {
    return input.isArray() ? input.size() : words(input.asText(""));
  }
}
