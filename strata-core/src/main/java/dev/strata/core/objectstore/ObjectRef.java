package dev.strata.core.objectstore;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import java.util.regex.Pattern;

/**
 * One object in an object store: a bucket and a key, as in {@code s3://bucket/key}. Bucket names
 * follow S3's rules (3–63 lower-case letters, digits, dots and hyphens); keys are 1–1,024
 * characters, and may not contain {@code ..} segments or control characters, so no key can escape
 * its bucket in a folder-backed store.
 */
public record ObjectRef(String bucket, String key) {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  public static final int MAX_KEY_LENGTH = 1024;

  public ObjectRef {
    requireNonNull(bucket, "bucket");
    requireNonNull(key, "key");
    checkBucket(bucket);
    checkKey(key);
  }

  /**
   * Parses {@code s3://bucket/key}.
   *
   * @throws StrataException INVALID_REQUEST naming what is wrong with the URI
   */
  public static ObjectRef parse(String uri) {
    requireNonNull(uri, "uri");
    if (!uri.startsWith("s3://")) {
      throw StrataException.invalid("'" + uri + "' is not an S3 URI (s3://bucket/key)");
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw StrataException.invalid("'" + uri + "' names no object (s3://bucket/key)");
    }
    return new ObjectRef(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /**
   * Parses an S3 prefix URI such as {@code s3://bucket/out/} or {@code s3://bucket}; the key of
   * the result is the prefix ({@code ""} for the whole bucket is represented by {@link #prefix}).
   */
  public static Prefix parsePrefix(String uri) {
    requireNonNull(uri, "uri");
    if (!uri.startsWith("s3://")) {
      throw StrataException.invalid("'" + uri + "' is not an S3 URI (s3://bucket/prefix/)");
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    return new Prefix(bucket, prefix);
  }

  /** A bucket and a key prefix (possibly empty): where a job writes its output objects. */
  public record Prefix(String bucket, String prefix) {
    public Prefix {
      requireNonNull(bucket, "bucket");
      requireNonNull(prefix, "prefix");
      checkBucket(bucket);
      if (!prefix.isEmpty()) {
        checkKey(prefix);
      }
    }

    /** The object {@code name} under this prefix, adding a {@code /} between them when needed. */
    public ObjectRef resolve(String name) {
      if (prefix.isEmpty() || prefix.endsWith("/")) {
        return new ObjectRef(bucket, prefix + name);
      }
      return new ObjectRef(bucket, prefix + "/" + name);
    }

    public String uri() {
      return "s3://" + bucket + "/" + prefix;
    }
  }

  /** The last path segment of the key, e.g. {@code input.jsonl} for {@code in/input.jsonl}. */
  public String fileName() {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? key : key.substring(slash + 1);
  }

  public String uri() {
    return "s3://" + bucket + "/" + key;
  }

  private static void checkBucket(String bucket) {
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw StrataException.invalid(
          "'" + bucket + "' is not a valid bucket name (3-63 lower-case letters, digits, '.', '-')");
    }
  }

  private static void checkKey(String key) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw StrataException.invalid("an object key must have 1 to " + MAX_KEY_LENGTH + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        throw StrataException.invalid("an object key may not contain control characters");
      }
    }
    if (key.startsWith("/") || key.contains("//") || key.contains("\\")) {
      throw StrataException.invalid("'" + key + "' is not a valid object key");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        throw StrataException.invalid("an object key may not contain '.' or '..' segments");
      }
    }
  }

  @Override
  public String toString() {
    return uri();
  }
}
