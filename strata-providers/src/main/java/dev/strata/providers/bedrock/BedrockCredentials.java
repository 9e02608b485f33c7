package dev.strata.providers.bedrock;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.providers.aws.AwsCredentials;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Where the provider's AWS credentials come from: the configured static keys, or else the AWS
 * SDK's default chain (environment, system properties, profiles and SSO, container and instance
 * roles), which caches and refreshes temporary credentials itself. The SDK is used for this alone.
 */
final class BedrockCredentials implements AutoCloseable {
  private final String upstream;
  private final AwsCredentialsProvider provider;

  BedrockCredentials(String upstream, AwsCredentialsProvider provider) {
    this.upstream = requireNonNull(upstream, "upstream");
    this.provider = requireNonNull(provider, "provider");
  }

  static BedrockCredentials of(BedrockProviderConfig config) {
    if (config.accessKeyId().isPresent() && config.secretAccessKey().isPresent()) {
      return new BedrockCredentials(
          config.name(),
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(
                  config.accessKeyId().get(), config.secretAccessKey().get())));
    }
    return new BedrockCredentials(config.name(), DefaultCredentialsProvider.builder().build());
  }

  /**
   * The credentials to sign the next request with.
   *
   * @throws StrataException {@code UNAVAILABLE} when none can be found or loaded
   */
  AwsCredentials resolve() {
    software.amazon.awssdk.auth.credentials.AwsCredentials resolved;
    try {
      resolved = provider.resolveCredentials();
    } catch (SdkException | IllegalArgumentException e) {
      throw StrataException.builder(
              ErrorKind.UNAVAILABLE,
              "upstream '" + upstream + "' has no usable AWS credentials: " + e.getMessage())
          .cause(e)
          .build();
    }
    Optional<String> token =
        resolved instanceof AwsSessionCredentialsIdentity session
            ? Optional.ofNullable(session.sessionToken())
            : Optional.empty();
    return new AwsCredentials(resolved.accessKeyId(), resolved.secretAccessKey(), token);
  }

  /** Stops the default chain's background refreshes, if it runs any. */
  @Override
  public void close() {
    if (provider instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        System.getLogger(BedrockCredentials.class.getName())
            .log(
                System.Logger.Level.WARNING,
                "closing the credentials of upstream " + upstream + " failed: " + e.getMessage());
      }
    }
  }

  @Override
  public String toString() {
    return "BedrockCredentials[" + upstream + ", " + provider.getClass().getSimpleName() + "]";
  }
}
