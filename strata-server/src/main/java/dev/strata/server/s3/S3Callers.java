package dev.strata.server.s3;

import static java.util.Objects.requireNonNull;

import dev.strata.server.aws.S3Signature;
import dev.strata.server.aws.SigV4Verifier;
import dev.strata.server.aws.SignedRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Verifies the SigV4 signature of an S3 request against the access keys Strata issued. Anonymous
 * requests and presigned URLs are refused: every S3 call is made with an issued key.
 */
final class S3Callers {
  private static final byte[] NO_BODY = new byte[0];

  private final SigV4Verifier verifier;

  S3Callers(SigV4Verifier verifier) {
    this.verifier = requireNonNull(verifier, "verifier");
  }

  /**
   * Who signed {@code request}, and how its body is bound to the signature.
   *
   * @throws dev.strata.core.error.StrataException AccessDenied when unsigned, or S3's error for a
   *     signature that does not verify
   */
  S3Signature verify(HttpServerRequest request, S3Target target) {
    Map<String, List<String>> headers = new HashMap<>();
    request
        .headers()
        .forEach(
            header ->
                headers
                    .computeIfAbsent(
                        header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(header.getValue()));
    if (!verifier.isSigned(headers)) {
      if (target.has("X-Amz-Signature") || target.has("X-Amz-Credential")) {
        throw S3Error.ACCESS_DENIED.failure(
            "Presigned URLs are not supported: sign requests with an Authorization header.");
      }
      throw S3Error.ACCESS_DENIED.failure(
          "Anonymous access is not allowed: sign requests (SigV4, service s3) with an access key"
              + " Strata issued.");
    }
    if (request.version() == HttpVersion.HTTP_2 && request.authority() != null) {
      headers.putIfAbsent("host", List.of(request.authority().toString()));
    }
    String uri = request.uri();
    int question = uri.indexOf('?');
    String rawPath = question < 0 ? uri : uri.substring(0, question);
    String rawQuery = question < 0 ? "" : uri.substring(question + 1);
    return verifier.verifyS3(
        new SignedRequest(request.method().name(), rawPath, rawQuery, headers, NO_BODY));
  }

  @Override
  public String toString() {
    return "S3Callers[" + verifier + "]";
  }
}
