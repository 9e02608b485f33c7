package dev.strata.core.auth;

import java.util.Optional;

/** Where Strata's AWS-style access keys live. */
public interface AwsCredentialStore {
  /** Issues a new access key id and secret for the existing virtual key {@code keyId}. */
  AwsCredential issue(String keyId);

  /** The credential with this access key id, with its virtual key (revoked or not). */
  Optional<AwsCredential> findByAccessKeyId(String accessKeyId);
}
