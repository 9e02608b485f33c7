package dev.strata.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ConverseUrisTest {
  private static final BedrockProviderConfig AWS =
      BedrockProviderConfig.defaults("bedrock", "eu-west-3");

  @Test
  void withoutOverride_theRegionalRuntimeEndpointIsCalled() {
    assertThat(ConverseUris.of(AWS).converseStream("amazon.nova-pro-v1:0"))
        .isEqualTo(
            URI.create(
                "https://bedrock-runtime.eu-west-3.amazonaws.com/model/amazon.nova-pro-v1%3A0"
                    + "/converse-stream"));
  }

  @Test
  void override_keepsItsPath_dropsATrailingSlashAndADefaultPort() {
    ConverseUris uris =
        ConverseUris.of(AWS.withEndpointOverride(URI.create("https://gateway.example:443/aws/")));

    assertThat(uris.converse("m")).isEqualTo(URI.create("https://gateway.example/aws/model/m/converse"));
    assertThat(
            ConverseUris.of(AWS.withEndpointOverride(URI.create("http://127.0.0.1:8080")))
                .converse("m"))
        .isEqualTo(URI.create("http://127.0.0.1:8080/model/m/converse"));
  }

  @Test
  void arn_isOnePathSegment() {
    assertThat(
            ConverseUris.of(AWS)
                .converse("arn:aws:bedrock:eu-west-3:123456789012:provisioned-model/abc")
                .getRawPath())
        .isEqualTo(
            "/model/arn%3Aaws%3Abedrock%3Aeu-west-3%3A123456789012%3Aprovisioned-model%2Fabc"
                + "/converse");
  }

  @Test
  void blankOrDotModelIds_areRefused() {
    for (String id : new String[] {" ", ".", ".."}) {
      assertThatThrownBy(() -> ConverseUris.of(AWS).converse(id))
          .isInstanceOfSatisfying(
              StrataException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    }
  }
}
