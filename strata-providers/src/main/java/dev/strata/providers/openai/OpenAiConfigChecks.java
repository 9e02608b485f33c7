package dev.strata.providers.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** The checks behind {@link OpenAiProviderConfig}: each failure names the provider and setting. */
final class OpenAiConfigChecks {
  private static final Set<String> RESERVED_HEADERS =
      Set.of("content-type", "content-length", "host", "accept", "transfer-encoding");

  private OpenAiConfigChecks() {}

  static void baseUrl(String where, URI baseUrl) {
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          where + "baseUrl must be an absolute http:// or https:// URL, was '" + baseUrl + "'");
    }
    if (baseUrl.getHost() == null || baseUrl.getHost().isEmpty()) {
      throw new IllegalArgumentException(where + "baseUrl has no host: '" + baseUrl + "'");
    }
    if (baseUrl.getRawUserInfo() != null || baseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException(
          where + "baseUrl must not contain credentials or a fragment; put the key in apiKey");
    }
  }

  static void apiKey(String where, String key) {
    if (key.isBlank()) {
      throw new IllegalArgumentException(where + "apiKey is blank; leave it out instead");
    }
    if (!isHeaderValue(key)) {
      throw new IllegalArgumentException(where + "apiKey contains a control character");
    }
  }

  static void header(String where, String header, String value, boolean hasKey) {
    if (header.isEmpty() || !header.chars().allMatch(OpenAiConfigChecks::isTokenChar)) {
      throw new IllegalArgumentException(
          where + "extraHeaders has an invalid header name '" + header + "'");
    }
    String lower = header.toLowerCase(Locale.ROOT);
    if (RESERVED_HEADERS.contains(lower)) {
      throw new IllegalArgumentException(
          where + "extraHeaders must not set '" + header + "'; Strata sets it itself");
    }
    if (lower.equals("authorization") && hasKey) {
      throw new IllegalArgumentException(
          where + "extraHeaders sets 'Authorization' and apiKey is set too; use one of them");
    }
    if (!isHeaderValue(value)) {
      throw new IllegalArgumentException(
          where + "extraHeaders['" + header + "'] contains a control character");
    }
  }

  private static boolean isHeaderValue(String value) {
    return value.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f);
  }

  private static boolean isTokenChar(int c) {
    return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }

  static void positive(String where, String setting, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(where + setting + " must be positive, was " + value);
    }
  }
}
