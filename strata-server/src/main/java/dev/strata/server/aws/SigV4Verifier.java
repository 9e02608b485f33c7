package dev.strata.server.aws;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.AwsCredential;
import dev.strata.core.auth.AwsCredentialStore;
import dev.strata.core.auth.Principal;
import dev.strata.core.aws.SigV4Hashes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Verifies AWS Signature Version 4 ({@code Authorization: AWS4-HMAC-SHA256 …}) against the secret
 * of an access key Strata issued, for the {@code bedrock} service ({@link #verify}) or the {@code
 * s3} service ({@link #verifyS3}) in any region, and answers the principal of the virtual key it is
 * bound to. Every failure is a {@link dev.strata.core.error.StrataException} worded as that AWS
 * service words it.
 *
 * <p>A Bedrock payload is always bound to the signature: {@code UNSIGNED-PAYLOAD} and streaming
 * (chunk-signed) payloads are refused, since Strata cannot tell whether TLS protected the body on
 * its way (a proxy may have terminated it), and a body changed in transit changes what is billed.
 * AWS SDKs sign the payload of Bedrock runtime requests by default. An S3 object is not billed, so
 * S3's own payload modes are accepted there, and the caller checks the body as it streams.
 * Temporary credentials ({@code x-amz-security-token}) and presigned URLs are not issued by Strata
 * and are refused.
 */
public final class SigV4Verifier {
  /** The service a Bedrock request's credential scope names. */
  public static final String SERVICE = "bedrock";

  /** The service an S3 request's credential scope names. */
  public static final String S3_SERVICE = "s3";

  /** How far the signing time may be from this server's clock, either way. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
  private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  private static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
  private static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
  private static final String STREAMING_SIGNED_TRAILER = STREAMING_SIGNED + "-TRAILER";

  private final AwsCredentialStore store;
  private final Clock clock;

  public SigV4Verifier(AwsCredentialStore store, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Whether the headers (lower-case names) carry a SigV4 {@code Authorization} header. */
  public boolean isSigned(Map<String, List<String>> headers) {
    requireNonNull(headers, "headers");
    List<String> values = headers.getOrDefault("authorization", List.of());
    return values.size() == 1
        && values.get(0).strip().startsWith(AuthorizationHeader.ALGORITHM + " ");
  }

  /** The principal of the virtual key whose access key signed {@code request}. */
  public Principal verify(SignedRequest request) {
    requireNonNull(request, "request");
    Signer signer = signer(request, SERVICE, AwsAuthFailures.BEDROCK);
    String payloadHash = payloadHash(request);
    byte[] key = Signatures.signingKey(signer.credential().secretAccessKey(), signer.header());
    checkSignature(
        signer,
        request,
        key,
        CanonicalRequest.of(request, signer.header().signedHeaders(), payloadHash, true));
    return signer.credential().key().principal();
  }

  /**
   * Verifies the signed headers of an S3 request (credential scope {@code s3}, the path signed as
   * received) before its body is read; the body in {@code request} is ignored. The answer says how
   * the body must be checked as it streams: against a SHA-256, chunk by chunk, or not at all
   * ({@code UNSIGNED-PAYLOAD}). Failures carry S3's error codes (SignatureDoesNotMatch,
   * InvalidAccessKeyId, RequestTimeTooSkewed, AuthorizationHeaderMalformed…).
   */
  public S3Signature verifyS3(SignedRequest request) {
    requireNonNull(request, "request");
    Signer signer = signer(request, S3_SERVICE, AwsAuthFailures.S3);
    List<String> declared = request.header("x-amz-content-sha256");
    if (declared.size() != 1) {
      throw AwsAuthFailures.S3.invalidPayload(
          "Missing required header for this request: x-amz-content-sha256.");
    }
    String payloadHash = declared.get(0).strip();
    byte[] key = Signatures.signingKey(signer.credential().secretAccessKey(), signer.header());
    SignedPayload payload =
        switch (payloadHash) {
          case UNSIGNED_PAYLOAD -> new SignedPayload.Unsigned();
          case STREAMING_UNSIGNED_TRAILER -> new SignedPayload.UnsignedChunks();
          case STREAMING_SIGNED, STREAMING_SIGNED_TRAILER ->
              new SignedPayload.SignedChunks(
                  new ChunkSignatures(
                      key, signer.amzDate(), signer.header().scope(), signer.header().signature()),
                  payloadHash.equals(STREAMING_SIGNED_TRAILER));
          default -> {
            if (!SHA256_HEX.matcher(payloadHash).matches()) {
              throw AwsAuthFailures.S3.invalidPayload(
                  "x-amz-content-sha256 must be the hex SHA-256 of the body, UNSIGNED-PAYLOAD, "
                      + STREAMING_SIGNED
                      + "[-TRAILER] or "
                      + STREAMING_UNSIGNED_TRAILER
                      + ".");
            }
            yield new SignedPayload.Sha256(payloadHash.toLowerCase(Locale.ROOT));
          }
        };
    checkSignature(
        signer,
        request,
        key,
        CanonicalRequest.ofS3(request, signer.header().signedHeaders(), payloadHash));
    return new S3Signature(signer.credential().key().principal(), payload);
  }

  /** A parsed, timely Authorization header and the live credential it names. */
  private record Signer(
      AuthorizationHeader header,
      String amzDate,
      AwsCredential credential,
      AwsAuthFailures failures) {}

  private Signer signer(SignedRequest request, String service, AwsAuthFailures failures) {
    List<String> authorization = request.header("authorization");
    if (authorization.size() != 1) {
      throw failures.incomplete(
          "Request is missing Authentication Token: one Authorization header is required.");
    }
    AuthorizationHeader header = AuthorizationHeader.parse(authorization.get(0), failures);
    if (!service.equals(header.service())) {
      throw failures.malformed(
          "Credential should be scoped to correct service: '" + service + "'.");
    }
    if (!header.signedHeaders().contains("host")) {
      throw failures.incomplete("'Host' must be a signed header.");
    }
    String amzDate = signingTime(request, header, failures);
    if (!request.header("x-amz-security-token").isEmpty()) {
      throw failures.sessionToken();
    }
    AwsCredential credential =
        store
            .findByAccessKeyId(header.accessKeyId())
            .filter(found -> !found.key().isRevoked())
            .orElseThrow(failures::unknownKey);
    return new Signer(header, amzDate, credential, failures);
  }

  private static void checkSignature(
      Signer signer, SignedRequest request, byte[] signingKey, String canonicalRequest) {
    for (String name : signer.header().signedHeaders()) {
      if (request.header(name).isEmpty()) {
        throw signer.failures().signatureMismatch();
      }
    }
    String expected =
        SigV4Hashes.signature(
            signingKey,
            SigV4Hashes.stringToSign(signer.amzDate(), signer.header().scope(), canonicalRequest));
    if (!Signatures.matches(expected, signer.header().signature())) {
      throw signer.failures().signatureMismatch();
    }
  }

  /** The signed {@code x-amz-date}, checked against the scope's date and this server's clock. */
  private String signingTime(
      SignedRequest request, AuthorizationHeader header, AwsAuthFailures failures) {
    List<String> dates = request.header("x-amz-date");
    if (dates.size() != 1) {
      throw failures.incomplete(
          "Authorization header requires existence of an 'X-Amz-Date' header.");
    }
    String amzDate = dates.get(0).strip();
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw failures.incomplete(
          "X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z'.");
    }
    if (!amzDate.startsWith(header.date())) {
      throw failures.malformed(
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
              + " HTTP: '"
              + header.date()
              + "' != '"
              + amzDate.substring(0, 8)
              + "', from '"
              + amzDate
              + "'.");
    }
    Instant now = clock.instant();
    if (signedAt.isBefore(now.minus(MAX_SKEW))) {
      throw failures.skewed(
          "Signature expired: "
              + amzDate
              + " is now earlier than "
              + format(now.minus(MAX_SKEW))
              + " ("
              + format(now)
              + " - 5 min.)");
    }
    if (signedAt.isAfter(now.plus(MAX_SKEW))) {
      throw failures.skewed(
          "Signature not yet current: "
              + amzDate
              + " is still later than "
              + format(now.plus(MAX_SKEW))
              + " ("
              + format(now)
              + " + 5 min.)");
    }
    return amzDate;
  }

  /** The declared payload hash, which must be the body's; or the body's when none is declared. */
  private static String payloadHash(SignedRequest request) {
    String actual = SigV4Hashes.sha256Hex(request.body());
    List<String> declared = request.header("x-amz-content-sha256");
    if (declared.isEmpty()) {
      return actual;
    }
    String value = declared.size() == 1 ? declared.get(0).strip() : "";
    if (!SHA256_HEX.matcher(value).matches()) {
      throw AwsAuthFailures.BEDROCK.invalidPayload(
          "x-amz-content-sha256 must be the hex SHA-256 of the body: unsigned and streaming"
              + " payloads are not accepted.");
    }
    if (!Signatures.matches(actual, value.toLowerCase(Locale.ROOT))) {
      throw AwsAuthFailures.BEDROCK.invalidPayload(
          "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    return value;
  }

  private static String format(Instant instant) {
    return AMZ_DATE.format(instant.atOffset(ZoneOffset.UTC));
  }

  @Override
  public String toString() {
    return "SigV4Verifier["
        + SERVICE
        + "|"
        + S3_SERVICE
        + ", ±"
        + MAX_SKEW.toMinutes()
        + " min, "
        + store
        + "]";
  }
}
