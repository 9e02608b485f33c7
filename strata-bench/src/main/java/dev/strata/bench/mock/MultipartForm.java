package dev.strata.bench.mock;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@code multipart/form-data} body (RFC 7578) into its named parts. */
final class MultipartForm {
  private static final Pattern BOUNDARY =
      Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
  private static final Pattern NAME = Pattern.compile("(?<![a-z])name=\"([^\"]*)\"");
  private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

  private MultipartForm() {}

  /** One part: a form field, or a file when it has a file name. */
  record Part(String name, Optional<String> filename, byte[] content) {
    Part {
      requireNonNull(name, "name");
      requireNonNull(filename, "filename");
      requireNonNull(content, "content");
    }

    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  /**
   * The parts by name, in order.
   *
   * @throws IllegalArgumentException naming what is wrong with the body
   */
  static Map<String, Part> parse(String contentType, byte[] body) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new IllegalArgumentException("The request must be multipart/form-data.");
    }
    Matcher boundary = BOUNDARY.matcher(contentType);
    if (!boundary.find()) {
      throw new IllegalArgumentException("The multipart content type has no boundary.");
    }
    String value = boundary.group(1) != null ? boundary.group(1) : boundary.group(2);
    byte[] delimiter = ("--" + value).getBytes(StandardCharsets.ISO_8859_1);
    byte[] nextDelimiter = ("\r\n--" + value).getBytes(StandardCharsets.ISO_8859_1);
    int at = indexOf(body, delimiter, 0);
    if (at < 0) {
      throw new IllegalArgumentException("The multipart body has no part.");
    }
    Map<String, Part> parts = new LinkedHashMap<>();
    at += delimiter.length;
    while (!startsWith(body, at, "--".getBytes(StandardCharsets.ISO_8859_1))) {
      if (!startsWith(body, at, CRLF)) {
        throw new IllegalArgumentException("The multipart body is malformed.");
      }
      int headersEnd = indexOf(body, HEADER_END, at);
      int end = headersEnd < 0 ? -1 : indexOf(body, nextDelimiter, headersEnd + 4);
      if (end < 0) {
        throw new IllegalArgumentException("The multipart body ends in the middle of a part.");
      }
      String headers =
          new String(body, at + 2, Math.max(0, headersEnd - at - 2), StandardCharsets.UTF_8);
      Part part = part(headers, Arrays.copyOfRange(body, headersEnd + 4, end));
      parts.putIfAbsent(part.name(), part);
      at = end + nextDelimiter.length;
    }
    return parts;
  }

  private static Part part(String headers, byte[] content) {
    for (String header : headers.split("\r\n")) {
      if (header.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
        Matcher name = NAME.matcher(header);
        if (!name.find()) {
          break;
        }
        Matcher filename = FILENAME.matcher(header);
        return new Part(
            name.group(1),
            filename.find() ? Optional.of(filename.group(1)) : Optional.empty(),
            content);
      }
    }
    throw new IllegalArgumentException("A multipart part has no Content-Disposition name.");
  }

  private static boolean startsWith(byte[] body, int at, byte[] prefix) {
    if (at + prefix.length > body.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (body[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] body, byte[] target, int from) {
    for (int i = Math.max(0, from); i <= body.length - target.length; i++) {
      if (startsWith(body, i, target)) {
        return i;
      }
    }
    return -1;
  }
}
