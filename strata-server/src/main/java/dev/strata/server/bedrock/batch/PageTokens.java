package dev.strata.server.bedrock.batch;

import dev.strata.core.error.StrataException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * ListModelInvocationJobs' {@code nextToken}: the id of the last job of the previous page, opaque.
 */
final class PageTokens {
  private static final String VERSION = "j1:";
  private static final Pattern JOB_ID = Pattern.compile("[a-z0-9]{12}");

  private PageTokens() {}

  static String after(String jobId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((VERSION + jobId).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The job id a token continues after.
   *
   * @throws StrataException INVALID_REQUEST when the token is not one this server gave out
   */
  static String jobId(String token) {
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (!decoded.startsWith(VERSION)
        || !JOB_ID.matcher(decoded.substring(VERSION.length())).matches()) {
      throw invalid();
    }
    return decoded.substring(VERSION.length());
  }

  private static StrataException invalid() {
    return StrataException.invalid(
        "nextToken",
        "The nextToken is not valid; pass the nextToken of the previous page unchanged.");
  }
}
