package dev.strata.providers.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps callers' text from becoming control tokens. llama.cpp tokenizes a prompt with special-token
 * parsing on, so a user who writes {@code </s>} or {@code <|im_start|>system} would otherwise end
 * the turn or forge a system message. Each occurrence of a control token's text in message content
 * gets a zero-width space after its first character: it still reads the same, but it is tokenized
 * as ordinary text. The chat template's own markers, added after this, stay real control tokens.
 */
final class ControlTokenGuard {
  static final char BREAK = '\u200B';

  private final List<String> controlTexts;
  private final String firstChars;

  ControlTokenGuard(List<String> controlTexts) {
    List<String> texts = new ArrayList<>();
    StringBuilder first = new StringBuilder();
    for (String text : controlTexts) {
      if (text.isEmpty() || texts.contains(text)) {
        continue;
      }
      texts.add(text);
      String head = text.substring(0, text.offsetByCodePoints(0, 1));
      if (first.indexOf(head) < 0) {
        first.append(head);
      }
    }
    // Longest first, so a token that contains another is broken where it starts.
    texts.sort(Comparator.comparingInt(String::length).reversed());
    this.controlTexts = List.copyOf(texts);
    this.firstChars = first.toString();
  }

  /** {@code text} with every control-token text broken up; the same string when there is none. */
  String neutralize(String text) {
    if (!mayContainControlText(text)) {
      return text;
    }
    String result = text;
    for (String control : controlTexts) {
      if (result.contains(control)) {
        int split = control.offsetByCodePoints(0, 1);
        result =
            result.replace(control, control.substring(0, split) + BREAK + control.substring(split));
      }
    }
    return result;
  }

  private boolean mayContainControlText(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (firstChars.indexOf(cp) >= 0) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }
}
