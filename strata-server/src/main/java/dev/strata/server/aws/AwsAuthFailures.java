package dev.strata.server.aws;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;

/**
 * The errors a failed SigV4 check raises, worded as the AWS service being imitated words them: the
 * code is the error AWS itself would answer with, so each frontend renders it unchanged.
 */
enum AwsAuthFailures {
  /** Bedrock (AWS JSON protocols): every failure is a 403 with an exception type as code. */
  BEDROCK {
    @Override
    StrataException incomplete(String message) {
      return denied("IncompleteSignatureException", message);
    }

    @Override
    StrataException malformed(String message) {
      return denied("InvalidSignatureException", message);
    }

    @Override
    StrataException skewed(String message) {
      return denied("InvalidSignatureException", message);
    }

    @Override
    StrataException unknownKey() {
      return denied("UnrecognizedClientException", INVALID_TOKEN);
    }

    @Override
    StrataException sessionToken() {
      return denied("UnrecognizedClientException", INVALID_TOKEN);
    }

    @Override
    StrataException signatureMismatch() {
      return denied("InvalidSignatureException", MISMATCH);
    }

    @Override
    StrataException invalidPayload(String message) {
      return denied("InvalidSignatureException", message);
    }
  },

  /** Amazon S3 (REST-XML): its own codes, and 400 for a malformed request rather than 403. */
  S3 {
    @Override
    StrataException incomplete(String message) {
      return failure(ErrorKind.INVALID_REQUEST, "AuthorizationHeaderMalformed", message);
    }

    @Override
    StrataException malformed(String message) {
      return failure(ErrorKind.INVALID_REQUEST, "AuthorizationHeaderMalformed", message);
    }

    @Override
    StrataException skewed(String message) {
      return denied("RequestTimeTooSkewed", message);
    }

    @Override
    StrataException unknownKey() {
      return denied(
          "InvalidAccessKeyId",
          "The AWS Access Key Id you provided does not exist in our records.");
    }

    @Override
    StrataException sessionToken() {
      return failure(
          ErrorKind.INVALID_REQUEST,
          "InvalidToken",
          "Strata issues no session tokens: sign with an access key it issued, without"
              + " x-amz-security-token.");
    }

    @Override
    StrataException signatureMismatch() {
      return denied("SignatureDoesNotMatch", MISMATCH);
    }

    @Override
    StrataException invalidPayload(String message) {
      return failure(ErrorKind.INVALID_REQUEST, "InvalidArgument", message);
    }
  };

  static final String MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check your"
          + " AWS Secret Access Key and signing method. Consult the service documentation for"
          + " details.";
  static final String INVALID_TOKEN = "The security token included in the request is invalid.";

  /** The Authorization header or a header it requires is missing or malformed. */
  abstract StrataException incomplete(String message);

  /** The credential scope does not fit the request: service, date or payload declaration. */
  abstract StrataException malformed(String message);

  /** The signing time is too far from this server's clock. */
  abstract StrataException skewed(String message);

  /** No such access key, or its virtual key is revoked. */
  abstract StrataException unknownKey();

  /** A temporary-credential token was sent; Strata issues none. */
  abstract StrataException sessionToken();

  /** The signature is not the one the secret gives. */
  abstract StrataException signatureMismatch();

  /** The {@code x-amz-content-sha256} header is missing, malformed or not accepted. */
  abstract StrataException invalidPayload(String message);

  private static StrataException denied(String code, String message) {
    return failure(ErrorKind.PERMISSION_DENIED, code, message);
  }

  private static StrataException failure(ErrorKind kind, String code, String message) {
    return StrataException.builder(kind, message).code(code).build();
  }
}
