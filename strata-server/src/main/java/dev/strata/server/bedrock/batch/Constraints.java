package dev.strata.server.bedrock.batch;

import dev.strata.core.error.StrataException;
import java.util.regex.Pattern;

/**
 * Checks a member of a control-plane request against a constraint of Bedrock's API and fails the
 * way Bedrock does: a ValidationException naming the member and the constraint.
 */
final class Constraints {
  private static final int MAX_SHOWN = 100;

  private Constraints() {}

  static StrataException violated(String member, Object value, String constraint) {
    String shown = value == null ? "null" : "'" + shortened(String.valueOf(value)) + "'";
    return StrataException.invalid(
        member,
        "1 validation error detected: Value "
            + shown
            + " at '"
            + member
            + "' failed to satisfy constraint: "
            + constraint);
  }

  static StrataException missing(String member) {
    return violated(member, null, "Member must not be null");
  }

  static String length(String member, String value, int min, int max) {
    if (value.length() < min) {
      throw violated(member, value, "Member must have length greater than or equal to " + min);
    }
    if (value.length() > max) {
      throw violated(member, value, "Member must have length less than or equal to " + max);
    }
    return value;
  }

  static String pattern(String member, String value, Pattern pattern) {
    if (!pattern.matcher(value).matches()) {
      throw violated(
          member, value, "Member must satisfy regular expression pattern: " + pattern.pattern());
    }
    return value;
  }

  static int range(String member, int value, int min, int max) {
    if (value < min) {
      throw violated(member, value, "Member must have value greater than or equal to " + min);
    }
    if (value > max) {
      throw violated(member, value, "Member must have value less than or equal to " + max);
    }
    return value;
  }

  private static String shortened(String value) {
    return value.length() <= MAX_SHOWN ? value : value.substring(0, MAX_SHOWN) + "…";
  }
}
