package dev.strata.providers.aws;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The credentials a request is signed with: an access key, its secret and, for temporary
 * credentials, a session token. {@link #toString()} shows only the access key id.
 */
public record AwsCredentials(
    String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
  public AwsCredentials {
    requireNonNull(accessKeyId, "accessKeyId");
    requireNonNull(secretAccessKey, "secretAccessKey");
    requireNonNull(sessionToken, "sessionToken");
    if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
      throw new IllegalArgumentException("AWS credentials need an access key id and a secret");
    }
    sessionToken = sessionToken.filter(token -> !token.isBlank());
  }

  /** Long-term credentials, without a session token. */
  public static AwsCredentials of(String accessKeyId, String secretAccessKey) {
    return new AwsCredentials(accessKeyId, secretAccessKey, Optional.empty());
  }

  @Override
  public String toString() {
    return "AwsCredentials["
        + accessKeyId
        + (sessionToken.isPresent() ? ", with session token" : "")
        + "]";
  }
}
