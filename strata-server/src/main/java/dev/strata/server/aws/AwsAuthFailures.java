package dev.strata.server.aws;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;

/**
 * The errors a failed SigV4 check raises, worded as AWS words them. All are PERMISSION_DENIED; the
 * code is the AWS error type AWS itself would answer with.
 */
final class AwsAuthFailures {
  static final String MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check your"
          + " AWS Secret Access Key and signing method. Consult the service documentation for"
          + " details.";
  static final String INVALID_TOKEN = "The security token included in the request is invalid.";

  private AwsAuthFailures() {}

  static StrataException signatureMismatch() {
    return failure("InvalidSignatureException", MISMATCH);
  }

  static StrataException invalidSignature(String message) {
    return failure("InvalidSignatureException", message);
  }

  static StrataException invalidToken() {
    return failure("UnrecognizedClientException", INVALID_TOKEN);
  }

  static StrataException incomplete(String message) {
    return failure("IncompleteSignatureException", message);
  }

  private static StrataException failure(String code, String message) {
    return StrataException.builder(ErrorKind.PERMISSION_DENIED, message).code(code).build();
  }
}
