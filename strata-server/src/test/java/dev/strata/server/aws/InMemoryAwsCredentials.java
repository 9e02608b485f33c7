package dev.strata.server.aws;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.AwsCredential;
import dev.strata.core.auth.AwsCredentialStore;
import dev.strata.core.auth.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** AWS credentials in a map, for verifier tests. */
final class InMemoryAwsCredentials implements AwsCredentialStore {
  private final Map<String, AwsCredential> byAccessKeyId = new ConcurrentHashMap<>();

  /** Stores a credential for a new virtual key {@code keyId}, revoked when asked. */
  AwsCredential add(String accessKeyId, String secret, String keyId, boolean revoked) {
    ApiKey key =
        new ApiKey(
            keyId,
            keyId,
            "hash-" + keyId,
            "sk-strata-xxxx",
            new Principal(keyId, "acme", "search", "bot", Map.of("env", "test")),
            Instant.parse("2025-01-01T00:00:00Z"),
            revoked ? Optional.of(Instant.parse("2025-02-01T00:00:00Z")) : Optional.empty());
    AwsCredential credential = new AwsCredential(accessKeyId, secret, key);
    byAccessKeyId.put(accessKeyId, credential);
    return credential;
  }

  @Override
  public AwsCredential issue(String keyId) {
    throw new UnsupportedOperationException("tests add credentials directly");
  }

  @Override
  public Optional<AwsCredential> findByAccessKeyId(String accessKeyId) {
    return Optional.ofNullable(byAccessKeyId.get(accessKeyId));
  }
}
