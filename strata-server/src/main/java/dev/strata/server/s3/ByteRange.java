package dev.strata.server.s3;

import dev.strata.core.error.StrataException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an object, from a {@code Range: bytes=first-last}, {@code bytes=first-} or
 * {@code bytes=-suffix} header. Like S3, a header it cannot parse (or with several ranges) is
 * ignored and the whole object sent; a range past the end is refused as InvalidRange.
 */
record ByteRange(long first, long last) {
  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

  ByteRange {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("not a byte range: " + first + "-" + last);
    }
  }

  long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} value for an object of {@code size} bytes. */
  String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /**
   * The range {@code header} asks for in an object of {@code size} bytes; empty for the whole.
   *
   * @throws StrataException InvalidRange when no byte of it exists
   */
  static Optional<ByteRange> parse(String header, long size) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher matcher = SINGLE.matcher(header.strip());
    if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
      return Optional.empty();
    }
    try {
      if (matcher.group(1).isEmpty()) {
        long suffix = Long.parseLong(matcher.group(2));
        if (suffix == 0 || size == 0) {
          throw unsatisfiable(size);
        }
        return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
      }
      long first = Long.parseLong(matcher.group(1));
      long last = matcher.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(matcher.group(2));
      if (last < first) {
        return Optional.empty();
      }
      if (first >= size) {
        throw unsatisfiable(size);
      }
      return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
    } catch (NumberFormatException tooLong) {
      return Optional.empty();
    }
  }

  private static StrataException unsatisfiable(long size) {
    return S3Error.INVALID_RANGE.failure(
        "The requested range is not satisfiable: the object has " + size + " bytes.");
  }
}
