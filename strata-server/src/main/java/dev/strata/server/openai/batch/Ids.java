package dev.strata.server.openai.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The ids of files, batches and batch requests. A file id starts with its creation time counted
 * down, so the object store's key order lists the newest file first, as OpenAI lists files.
 */
final class Ids {
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int TIME_DIGITS = 8;
  private static final int RANDOM_DIGITS = 16;
  private static final long TIME_RANGE = pow62(TIME_DIGITS);
  private static final Pattern FILE_ID =
      Pattern.compile("file-[0-9A-Za-z]{" + (TIME_DIGITS + RANDOM_DIGITS) + "}");
  private static final Pattern BATCH_ID = Pattern.compile("batch_[0-9A-Za-z]{1,64}");

  private Ids() {}

  /** A new file id for a file created at {@code createdAt}. */
  static String newFileId(Instant createdAt) {
    return "file-" + countdown(createdAt) + random(RANDOM_DIGITS);
  }

  /**
   * The id of a file that is written again with the same id when its writer runs twice, e.g. a
   * batch's output file after a restart: the same {@code seed} gives the same id.
   */
  static String derivedFileId(Instant createdAt, String seed) {
    return "file-" + countdown(createdAt) + digest(seed, RANDOM_DIGITS);
  }

  static boolean isFileId(String id) {
    return id != null && FILE_ID.matcher(id).matches();
  }

  static String newBatchId() {
    return "batch_" + random(24);
  }

  static boolean isBatchId(String id) {
    return id != null && BATCH_ID.matcher(id).matches();
  }

  /** The {@code batch_req_…} id of one output line, from Strata's request id. */
  static String batchRequestId(String requestId) {
    return "batch_req_" + requestId;
  }

  /** A request id for a record that never ran (skipped), stable across rewrites. */
  static String skippedRequestId(String jobId, int index) {
    return digest(jobId + "#" + index, 22);
  }

  private static String countdown(Instant createdAt) {
    long millis = Math.floorMod(createdAt.toEpochMilli(), TIME_RANGE);
    return base62(TIME_RANGE - 1 - millis, TIME_DIGITS);
  }

  private static String random(int digits) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] id = new char[digits];
    for (int i = 0; i < digits; i++) {
      id[i] = BASE62[random.nextInt(BASE62.length)];
    }
    return new String(id);
  }

  private static String digest(String seed, int digits) {
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    char[] id = new char[digits];
    for (int i = 0; i < digits; i++) {
      id[i] = BASE62[Byte.toUnsignedInt(hash[i]) % BASE62.length];
    }
    return new String(id);
  }

  private static String base62(long value, int digits) {
    char[] out = new char[digits];
    long rest = value;
    for (int i = digits - 1; i >= 0; i--) {
      out[i] = BASE62[(int) (rest % BASE62.length)];
      rest /= BASE62.length;
    }
    return new String(out);
  }

  private static long pow62(int digits) {
    long value = 1;
    for (int i = 0; i < digits; i++) {
      value *= BASE62.length;
    }
    return value;
  }
}
