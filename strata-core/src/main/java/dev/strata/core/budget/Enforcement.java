package dev.strata.core.budget;

import java.util.Locale;

/** What happens when a budget is spent. */
public enum Enforcement {
  /** Requests that could take spend over the limit are refused before any upstream call. */
  HARD,
  /** Requests go through; the budget only alerts. */
  SOFT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads {@code hard} or {@code soft}. */
  public static Enforcement parse(String text) {
    for (Enforcement enforcement : values()) {
      if (enforcement.wireName().equalsIgnoreCase(text.strip())) {
        return enforcement;
      }
    }
    throw dev.strata.core.error.StrataException.invalid(
        "enforcement", "A budget's enforcement is hard or soft; got '" + text + "'.");
  }
}
