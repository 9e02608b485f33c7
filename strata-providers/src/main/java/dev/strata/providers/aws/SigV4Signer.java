package dev.strata.providers.aws;

import static java.util.Objects.requireNonNull;

import dev.strata.core.aws.SigV4Hashes;
import dev.strata.providers.http.UpstreamRequest;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Signs requests to one AWS service in one region with Signature Version 4 ({@code
 * AWS4-HMAC-SHA256}) in the {@code Authorization} header, as the AWS SDKs do for every service but
 * S3: the payload's SHA-256 is sent as {@code x-amz-content-sha256}, and {@code host}, {@code
 * content-type} and every {@code x-amz-*} header are signed. Thread-safe.
 */
public final class SigV4Signer {

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final String service;
  private final String region;
  private final Clock clock;
  private final SigningKeys keys;

  /**
   * @param service the signing name, e.g. {@code bedrock}
   * @param region the region, e.g. {@code us-east-1}
   * @param clock the time the signatures carry
   */
  public SigV4Signer(String service, String region, Clock clock) {
    this.service = requireNonNull(service, "service");
    this.region = requireNonNull(region, "region");
    this.clock = requireNonNull(clock, "clock");
    this.keys = new SigningKeys(region, service);
  }

  /**
   * {@code request} with {@code x-amz-date}, {@code x-amz-content-sha256}, {@code
   * x-amz-security-token} (for temporary credentials) and {@code authorization} added. Header names
   * come out in lower case; a header of the same name already present is replaced.
   *
   * @throws IllegalArgumentException when the URI has a query string, which this signer does not
   *     canonicalise
   */
  public UpstreamRequest sign(UpstreamRequest request, AwsCredentials credentials) {
    requireNonNull(request, "request");
    requireNonNull(credentials, "credentials");
    if (request.uri().getRawQuery() != null) {
      throw new IllegalArgumentException(
          "SigV4Signer signs requests without a query string, was " + request.uri());
    }
    String amzDate = AMZ_DATE.format(clock.instant());
    String date = amzDate.substring(0, 8);
    Map<String, String> headers = new LinkedHashMap<>();
    request.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
    headers.remove("authorization");
    headers.remove("x-amz-security-token");
    headers.put("x-amz-date", amzDate);
    String payloadHash = SigV4Hashes.sha256Hex(request.body());
    headers.put("x-amz-content-sha256", payloadHash);
    credentials.sessionToken().ifPresent(token -> headers.put("x-amz-security-token", token));

    SortedMap<String, String> signed = signedHeaders(headers, request.uri());
    String canonical = CanonicalRequest.of(request.method(), request.uri(), signed, payloadHash);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = SigV4Hashes.stringToSign(amzDate, scope, canonical);
    String signature =
        SigV4Hashes.signature(keys.key(credentials.secretAccessKey(), date), stringToSign);
    headers.put(
        "authorization",
        SigV4Hashes.ALGORITHM
            + " Credential="
            + credentials.accessKeyId()
            + "/"
            + scope
            + ", SignedHeaders="
            + String.join(";", signed.keySet())
            + ", Signature="
            + signature);
    return new UpstreamRequest(request.method(), request.uri(), headers, request.body());
  }

  private static SortedMap<String, String> signedHeaders(Map<String, String> headers, URI uri) {
    SortedMap<String, String> signed = new TreeMap<>();
    signed.put("host", host(uri));
    headers.forEach(
        (name, value) -> {
          if (name.equals("host") || name.equals("content-type") || name.startsWith("x-amz-")) {
            signed.put(name, value);
          }
        });
    return signed;
  }

  /**
   * The {@code Host} header an HTTP client sends for {@code uri}: the port only when it is not the
   * scheme's default.
   */
  static String host(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    int standard = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    return port == -1 || port == standard ? host : host + ":" + port;
  }

  @Override
  public String toString() {
    return "SigV4Signer[" + service + ", " + region + "]";
  }
}
