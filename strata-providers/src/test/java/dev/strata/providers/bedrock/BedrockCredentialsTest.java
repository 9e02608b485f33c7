package dev.strata.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.providers.aws.AwsCredentials;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

class BedrockCredentialsTest {
  @Test
  void staticKeys_fromTheConfig_areUsedAsTheyAre() {
    BedrockProviderConfig config =
        BedrockProviderConfig.defaults("bedrock", "us-east-1")
            .withStaticCredentials("AKIDSTATIC", "static-secret");

    try (BedrockCredentials credentials = BedrockCredentials.of(config)) {
      assertThat(credentials.resolve())
          .isEqualTo(new AwsCredentials("AKIDSTATIC", "static-secret", Optional.empty()));
    }
  }

  @Test
  void temporaryCredentials_keepTheirSessionToken() {
    BedrockCredentials credentials =
        new BedrockCredentials(
            "bedrock",
            StaticCredentialsProvider.create(
                AwsSessionCredentials.create("ASIATEMP", "temp-secret", "the-session-token")));

    assertThat(credentials.resolve().sessionToken()).contains("the-session-token");
  }

  @Test
  void noCredentials_isUnavailableNamingTheUpstream() {
    BedrockCredentials credentials =
        new BedrockCredentials(
            "bedrock",
            () -> {
              throw SdkClientException.create("Unable to load credentials from any provider");
            });

    assertThatThrownBy(credentials::resolve)
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
        .hasMessageContaining("upstream 'bedrock' has no usable AWS credentials")
        .hasMessageContaining("Unable to load credentials");
  }
}
