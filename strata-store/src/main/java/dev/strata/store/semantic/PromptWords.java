package dev.strata.store.semantic;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The words of a prompt that the verifier compares: its numbers, negation and names. */
final class PromptWords {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’]\\p{L}+)?");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
  private static final Set<String> NUMBER_WORDS =
      Set.of(
          "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
          "eighty", "ninety", "hundred", "thousand", "million", "billion", "trillion", "first",
          "second", "third", "fourth", "fifth", "half", "double", "single");
  private static final Set<String> NEGATIONS =
      Set.of(
          "not", "no", "never", "without", "nor", "none", "cannot", "nothing", "nobody",
          "neither");
  /** Capitalised words that start questions and clauses rather than name anything. */
  private static final Set<String> NOT_NAMES =
      Set.of(
          "i", "what", "how", "why", "when", "where", "which", "who", "whom", "whose", "is", "are",
          "am", "was", "were", "do", "does", "did", "can", "could", "should", "would", "will",
          "shall", "may", "might", "has", "have", "had", "if", "the", "a", "an", "in", "on", "of",
          "for", "to", "and", "or", "but", "my", "your", "our", "their", "his", "her", "its", "it",
          "this", "that", "these", "those", "there", "here", "as", "at", "by", "from", "with",
          "about", "into", "be", "been", "being", "vs", "so", "any", "some");

  private final String lowerText;
  private final Set<String> numbers = new HashSet<>();
  private final Set<String> names = new HashSet<>();
  private final boolean negated;

  private PromptWords(String text) {
    this.lowerText = text.toLowerCase(Locale.ROOT);
    Matcher digits = NUMBER.matcher(text);
    while (digits.find()) {
      numbers.add(digits.group());
    }
    boolean negation = false;
    Matcher words = WORD.matcher(text);
    while (words.find()) {
      String word = words.group();
      String lower = word.toLowerCase(Locale.ROOT);
      if (NUMBER_WORDS.contains(lower)) {
        numbers.add(lower);
      }
      if (NEGATIONS.contains(lower) || lower.endsWith("n't") || lower.endsWith("n’t")) {
        negation = true;
      }
      if (isName(word, lower)) {
        names.add(lower);
      }
    }
    this.negated = negation;
  }

  static PromptWords of(String text) {
    return new PromptWords(text);
  }

  Set<String> numbers() {
    return numbers;
  }

  boolean isNegated() {
    return negated;
  }

  /** The names in this prompt that do not occur as a word anywhere in {@code other}. */
  List<String> namesMissingFrom(PromptWords other) {
    return names.stream().filter(name -> !other.containsWord(name)).sorted().toList();
  }

  private boolean containsWord(String lowerWord) {
    for (int at = lowerText.indexOf(lowerWord); at >= 0; at = lowerText.indexOf(lowerWord, at + 1)) {
      int end = at + lowerWord.length();
      if (!isWordChar(lowerText, at - 1) && !isWordChar(lowerText, end)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWordChar(String text, int index) {
    return index >= 0 && index < text.length() && Character.isLetterOrDigit(text.charAt(index));
  }

  /** A word is a name when it is capitalised and not a question word, or has inner capitals. */
  private static boolean isName(String word, String lower) {
    for (int i = 1; i < word.length(); i++) {
      if (Character.isUpperCase(word.charAt(i))) {
        return true;
      }
    }
    return Character.isUpperCase(word.charAt(0)) && !NOT_NAMES.contains(lower);
  }
}
