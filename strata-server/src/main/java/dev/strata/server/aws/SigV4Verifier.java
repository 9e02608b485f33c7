package dev.strata.server.aws;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.AwsCredential;
import dev.strata.core.auth.AwsCredentialStore;
import dev.strata.core.auth.Principal;
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
 * of an access key Strata issued, for the {@code bedrock} service in any region, and answers the
 * principal of the virtual key it is bound to. Every failure is a PERMISSION_DENIED {@link
 * dev.strata.core.error.StrataException} worded as AWS words it.
 *
 * <p>The payload is always bound to the signature: {@code UNSIGNED-PAYLOAD} and streaming
 * (chunk-signed) payloads are refused, since Strata cannot tell whether TLS protected the body on
 * its way (a proxy may have terminated it), and a body changed in transit changes what is billed.
 * AWS SDKs sign the payload of Bedrock runtime requests by default. Temporary credentials ({@code
 * x-amz-security-token}) and presigned URLs are not issued by Strata and are refused.
 */
public final class SigV4Verifier {
  /** The only service a credential scope may name. */
  public static final String SERVICE = "bedrock";
  /** How far the signing time may be from this server's clock, either way. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

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
    List<String> authorization = request.header("authorization");
    if (authorization.size() != 1) {
      throw AwsAuthFailures.incomplete(
          "Request is missing Authentication Token: one Authorization header is required.");
    }
    AuthorizationHeader header = AuthorizationHeader.parse(authorization.get(0));
    if (!SERVICE.equals(header.service())) {
      throw AwsAuthFailures.invalidSignature(
          "Credential should be scoped to correct service: '" + SERVICE + "'.");
    }
    if (!header.signedHeaders().contains("host")) {
      throw AwsAuthFailures.incomplete("'Host' must be a signed header.");
    }
    String amzDate = signingTime(request, header);
    if (!request.header("x-amz-security-token").isEmpty()) {
      throw AwsAuthFailures.invalidToken();
    }
    AwsCredential credential =
        store
            .findByAccessKeyId(header.accessKeyId())
            .filter(found -> !found.key().isRevoked())
            .orElseThrow(AwsAuthFailures::invalidToken);
    String payloadHash = payloadHash(request);
    for (String name : header.signedHeaders()) {
      if (request.header(name).isEmpty()) {
        throw AwsAuthFailures.signatureMismatch();
      }
    }
    String expected =
        Signatures.signature(
            credential.secretAccessKey(),
            header,
            Signatures.stringToSign(
                amzDate,
                header.scope(),
                CanonicalRequest.of(request, header.signedHeaders(), payloadHash, true)));
    if (!Signatures.matches(expected, header.signature())) {
      throw AwsAuthFailures.signatureMismatch();
    }
    return credential.key().principal();
  }

  /** The signed {@code x-amz-date}, checked against the scope's date and this server's clock. */
  private String signingTime(SignedRequest request, AuthorizationHeader header) {
    List<String> dates = request.header("x-amz-date");
    if (dates.size() != 1) {
      throw AwsAuthFailures.incomplete(
          "Authorization header requires existence of an 'X-Amz-Date' header.");
    }
    String amzDate = dates.get(0).strip();
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw AwsAuthFailures.incomplete(
          "X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z'.");
    }
    if (!amzDate.startsWith(header.date())) {
      throw AwsAuthFailures.invalidSignature(
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
      throw AwsAuthFailures.invalidSignature(
          "Signature expired: "
              + amzDate
              + " is now earlier than "
              + format(now.minus(MAX_SKEW))
              + " ("
              + format(now)
              + " - 5 min.)");
    }
    if (signedAt.isAfter(now.plus(MAX_SKEW))) {
      throw AwsAuthFailures.invalidSignature(
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
    String actual = Signatures.sha256Hex(request.body());
    List<String> declared = request.header("x-amz-content-sha256");
    if (declared.isEmpty()) {
      return actual;
    }
    String value = declared.size() == 1 ? declared.get(0).strip() : "";
    if (!SHA256_HEX.matcher(value).matches()) {
      throw AwsAuthFailures.invalidSignature(
          "x-amz-content-sha256 must be the hex SHA-256 of the body: unsigned and streaming"
              + " payloads are not accepted.");
    }
    if (!Signatures.matches(actual, value.toLowerCase(Locale.ROOT))) {
      throw AwsAuthFailures.invalidSignature(
          "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    return value;
  }

  private static String format(Instant instant) {
    return AMZ_DATE.format(instant.atOffset(ZoneOffset.UTC));
  }

  @Override
  public String toString() {
    return "SigV4Verifier[" + SERVICE + ", ±" + MAX_SKEW.toMinutes() + " min, " + store + "]";
  }
}
