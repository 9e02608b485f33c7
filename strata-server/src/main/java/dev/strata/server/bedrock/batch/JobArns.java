package dev.strata.server.bedrock.batch;

import dev.strata.core.error.StrataException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Job ids and ARNs as Bedrock spells them: an id of 12 lower-case letters and digits inside {@code
 * arn:aws:bedrock:<region>:<account>:model-invocation-job/<id>}. A tenant's account is a fixed
 * 12-digit number derived from its name, so its ARNs stay the same across restarts.
 */
final class JobArns {
  static final String DEFAULT_REGION = "us-east-1";

  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int ID_LENGTH = 12;
  private static final Pattern IDENTIFIER =
      Pattern.compile(
          "(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:model-invocation-job/)?"
              + "(?<id>[a-z0-9]{12})");
  private static final SecureRandom RANDOM = new SecureRandom();

  private JobArns() {}

  static String newJobId() {
    char[] id = new char[ID_LENGTH];
    for (int i = 0; i < ID_LENGTH; i++) {
      id[i] = ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length()));
    }
    return new String(id);
  }

  static String arn(String region, String tenant, String jobId) {
    return "arn:aws:bedrock:" + region + ":" + account(tenant) + ":model-invocation-job/" + jobId;
  }

  /** The tenant's account: the first 40 bits of its name's SHA-256, as 12 decimal digits. */
  static String account(String tenant) {
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest(tenant.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    long bits = 0;
    for (int i = 0; i < 5; i++) {
      bits = (bits << 8) | (hash[i] & 0xff);
    }
    return String.format(java.util.Locale.ROOT, "%012d", bits % 1_000_000_000_000L);
  }

  /**
   * The job id a path's {@code jobIdentifier} names: a job ARN, percent-encoded or not, or the id
   * itself.
   *
   * @throws StrataException INVALID_REQUEST when it is neither
   */
  static String jobId(String rawIdentifier) {
    String identifier;
    try {
      identifier = URLDecoder.decode(rawIdentifier.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalidIdentifier(rawIdentifier);
    }
    Matcher matcher = IDENTIFIER.matcher(identifier);
    if (!matcher.matches()) {
      throw invalidIdentifier(identifier);
    }
    return matcher.group("id");
  }

  private static StrataException invalidIdentifier(String identifier) {
    String shown = identifier.length() > 100 ? identifier.substring(0, 100) + "…" : identifier;
    return StrataException.invalid(
        "jobIdentifier",
        "1 validation error detected: Value '"
            + shown
            + "' at 'jobIdentifier' failed to satisfy constraint: Member must be a model"
            + " invocation job ARN or a 12-character job id.");
  }
}
