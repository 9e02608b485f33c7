package dev.strata.core.auth;

import static java.util.Objects.requireNonNull;

/**
 * An AWS-style access key issued by Strata and bound to a virtual key, so AWS SDK clients can sign
 * requests (SigV4) that Strata verifies. The secret is needed to verify signatures, so stores keep
 * it encrypted rather than hashed.
 */
public record AwsCredential(String accessKeyId, String secretAccessKey, ApiKey key) {
  public AwsCredential {
    requireNonNull(accessKeyId, "accessKeyId");
    requireNonNull(secretAccessKey, "secretAccessKey");
    requireNonNull(key, "key");
  }

  @Override
  public String toString() {
    return "AwsCredential[" + accessKeyId + " → " + key.id() + "]";
  }
}
