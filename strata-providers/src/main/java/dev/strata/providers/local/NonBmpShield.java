package dev.strata.providers.local;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries text safely through a JNI call that answers with {@code NewStringUTF}, as llama.cpp's
 * {@code applyTemplate} does: that call reads modified UTF-8, so characters outside the Basic
 * Multilingual Plane (emoji, mathematical letters) come back corrupted and a NUL cuts the text
 * short. {@link #protect} writes each such character as a private-use marker pair around its hex
 * code point, and {@link #restore} puts it back. The marker characters themselves are protected
 * too, so the round trip is exact for every input.
 */
final class NonBmpShield {
  private static final char OPEN = '\uF8F0';
  private static final char CLOSE = '\uF8F1';
  private static final Pattern MARKED = Pattern.compile(OPEN + "([0-9a-f]{1,6})" + CLOSE);

  private NonBmpShield() {}

  static String protect(String text) {
    if (!needsProtection(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            cp -> {
              if (isUnsafe(cp)) {
                out.append(OPEN).append(Integer.toHexString(cp)).append(CLOSE);
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }

  static String restore(String text) {
    if (text.indexOf(OPEN) < 0) {
      return text;
    }
    Matcher marked = MARKED.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (marked.find()) {
      marked.appendReplacement(
          out, Matcher.quoteReplacement(Character.toString(Integer.parseInt(marked.group(1), 16))));
    }
    marked.appendTail(out);
    return out.toString();
  }

  private static boolean needsProtection(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0 || c == OPEN || c == CLOSE || Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUnsafe(int codePoint) {
    return codePoint == 0
        || codePoint == OPEN
        || codePoint == CLOSE
        || codePoint > 0xFFFF
        || Character.isSurrogate((char) codePoint);
  }
}
