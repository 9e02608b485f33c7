package dev.strata.server.aws;

import static java.util.Objects.requireNonNull;

import dev.strata.core.aws.SigV4Hashes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parts of an {@code Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…,
 * Signature=…} header.
 */
record AuthorizationHeader(
    String accessKeyId,
    String date,
    String region,
    String service,
    List<String> signedHeaders,
    String signature) {
  static final String ALGORITHM = SigV4Hashes.ALGORITHM;
  private static final Pattern DATE = Pattern.compile("\\d{8}");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");
  private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");

  AuthorizationHeader {
    requireNonNull(accessKeyId, "accessKeyId");
    requireNonNull(date, "date");
    requireNonNull(region, "region");
    requireNonNull(service, "service");
    signedHeaders = List.copyOf(signedHeaders);
    requireNonNull(signature, "signature");
  }

  /** The credential scope: {@code date/region/service/aws4_request}. */
  String scope() {
    return date + "/" + region + "/" + service + "/aws4_request";
  }

  /** Parses the header's value; a malformed one fails as Bedrock's IncompleteSignature. */
  static AuthorizationHeader parse(String value) {
    return parse(value, AwsAuthFailures.BEDROCK);
  }

  /** Parses the header's value; a malformed one fails as {@code failures} words it. */
  static AuthorizationHeader parse(String value, AwsAuthFailures failures) {
    String trimmed = value.strip();
    if (!trimmed.startsWith(ALGORITHM + " ")) {
      throw failures.incomplete("Authorization header must use the " + ALGORITHM + " algorithm.");
    }
    Map<String, String> parts = new HashMap<>();
    for (String part : trimmed.substring(ALGORITHM.length()).split(",")) {
      String component = part.strip();
      int equals = component.indexOf('=');
      if (equals <= 0
          || parts.put(component.substring(0, equals), component.substring(equals + 1)) != null) {
        throw failures.incomplete(
            "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'"
                + " parameters, each once, as name=value separated by commas.");
      }
    }
    String credential = required(parts, "Credential", failures);
    String signedHeaders = required(parts, "SignedHeaders", failures);
    String signature = required(parts, "Signature", failures);
    String[] scope = credential.split("/", -1);
    if (scope.length != 5
        || scope[0].isEmpty()
        || !DATE.matcher(scope[1]).matches()
        || !REGION.matcher(scope[2]).matches()
        || scope[3].isEmpty()
        || !"aws4_request".equals(scope[4])) {
      throw failures.incomplete(
          "Credential should be of the form"
              + " ACCESS_KEY_ID/YYYYMMDD/region/service/aws4_request.");
    }
    List<String> headers = List.of(signedHeaders.split(";", -1));
    if (!headers.stream().allMatch(h -> HEADER_NAME.matcher(h).matches())) {
      throw failures.incomplete(
          "SignedHeaders should be lower-case header names separated by semicolons.");
    }
    if (!SIGNATURE.matcher(signature).matches()) {
      throw failures.incomplete("Signature should be 64 lower-case hexadecimal digits.");
    }
    return new AuthorizationHeader(scope[0], scope[1], scope[2], scope[3], headers, signature);
  }

  private static String required(Map<String, String> parts, String name, AwsAuthFailures failures) {
    String value = parts.get(name);
    if (value == null || value.isEmpty()) {
      throw failures.incomplete("Authorization header requires '" + name + "' parameter.");
    }
    return value;
  }

  @Override
  public String toString() {
    return "AuthorizationHeader[" + accessKeyId + "/" + scope() + "]";
  }
}
