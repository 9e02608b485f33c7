package dev.strata.server.openai;

import dev.strata.core.error.StrataException;
import java.util.Base64;
import java.util.Locale;

/** A base64 {@code data:} URL, decoded: its media type and bytes. */
record DataUrl(String mediaType, byte[] data) {
  private static final String SCHEME = "data:";
  private static final String BASE64 = ";base64";

  static boolean isDataUrl(String url) {
    return url.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /**
   * Decodes {@code url}, found at {@code param}.
   *
   * @throws StrataException INVALID_REQUEST naming {@code param} when the URL is not a base64 data
   *     URL with a media type
   */
  static DataUrl parse(String url, String param) {
    int comma = url.indexOf(',');
    if (comma < 0) {
      throw JsonFields.invalidValue(param, "'" + param + "' is a data URL without a ','.");
    }
    String meta = url.substring(SCHEME.length(), comma);
    if (!meta.toLowerCase(Locale.ROOT).endsWith(BASE64)) {
      throw JsonFields.invalidValue(
          param, "'" + param + "' must be a base64 data URL (data:<media type>;base64,<data>).");
    }
    String mediaType = meta.substring(0, meta.length() - BASE64.length());
    int parameters = mediaType.indexOf(';');
    if (parameters >= 0) {
      mediaType = mediaType.substring(0, parameters);
    }
    mediaType = mediaType.strip().toLowerCase(Locale.ROOT);
    if (mediaType.isEmpty() || mediaType.indexOf('/') < 0) {
      throw JsonFields.invalidValue(
          param, "'" + param + "' must name its media type, e.g. data:image/png;base64,...");
    }
    try {
      return new DataUrl(mediaType, Base64.getDecoder().decode(url.substring(comma + 1)));
    } catch (IllegalArgumentException e) {
      throw JsonFields.invalidValue(param, "'" + param + "' does not hold valid base64 data.");
    }
  }
}
