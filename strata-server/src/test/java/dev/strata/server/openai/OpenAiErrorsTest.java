package dev.strata.server.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.error.ErrorKind;
import org.junit.jupiter.api.Test;

class OpenAiErrorsTest {
  @Test
  void upstreamMessagesLoseCredentialsAndStackLines() {
    String message =
        OpenAiErrors.sanitized(
            "401 from upstream: api_key=abc123 Authorization: Bearer xyz789 sk-proj-SECRETSECRET"
                + " AKIAABCDEFGHIJKLMNOP\n\tat com.example.Client.call(Client.java:42)");

    assertThat(message)
        .startsWith("401 from upstream:")
        .doesNotContain("abc123", "xyz789", "SECRETSECRET", "AKIAABCDEFGHIJKLMNOP", "Client.java");
  }

  @Test
  void longUpstreamMessagesAreCut() {
    assertThat(OpenAiErrors.sanitized("x".repeat(5_000))).hasSizeLessThan(510);
  }

  @Test
  void everyKindHasAnOpenAiType() {
    for (ErrorKind kind : ErrorKind.values()) {
      assertThat(OpenAiErrors.type(kind)).isNotBlank();
    }
    assertThat(OpenAiErrors.type(ErrorKind.AUTHENTICATION)).isEqualTo("authentication_error");
    assertThat(OpenAiErrors.type(ErrorKind.PERMISSION_DENIED)).isEqualTo("permission_error");
    assertThat(OpenAiErrors.type(ErrorKind.UPSTREAM_TIMEOUT)).isEqualTo("api_error");
  }
}
