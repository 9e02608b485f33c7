package dev.strata.providers.anthropic;

import static dev.strata.providers.anthropic.AnthropicProviderTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.Usage;
import org.junit.jupiter.api.Test;

class MessageBatchResultLineTest {
  @Test
  void succeeded_isReadLikeAnOnDemandMessage_withCacheWritesByTtl() {
    var result =
        MessageBatchResultLine.parse(
                "mock",
                json(
                    "{\"custom_id\":\"r1\",\"result\":{\"type\":\"succeeded\",\"message\":{"
                        + "\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"Paris\"}],"
                        + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":3,"
                        + "\"output_tokens\":4,\"cache_read_input_tokens\":5,"
                        + "\"cache_creation_input_tokens\":13,\"cache_creation\":{"
                        + "\"ephemeral_5m_input_tokens\":6,\"ephemeral_1h_input_tokens\":7}}}}}"))
            .orElseThrow();

    assertThat(result.answer().orElseThrow().usage()).contains(new Usage(3, 4, 5, 6, 7));
  }

  @Test
  void errored_hasTheKindItsTypeImplies() {
    assertThat(errorOfType("rate_limit_error").kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(errorOfType("api_error").isRetryable()).isTrue();
    assertThat(errorOfType("invalid_request_error").kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(errorOfType("request_too_large").kind()).isEqualTo(ErrorKind.PAYLOAD_TOO_LARGE);
    assertThat(errorOfType("something_new").kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
  }

  @Test
  void credentialErrors_neverQuoteTheUpstreamsText() {
    assertThat(errorOfType("authentication_error").getMessage()).doesNotContain("sk-ant-");
  }

  @Test
  void canceledOrExpired_hasNoResult() {
    for (String type : new String[] {"canceled", "expired"}) {
      assertThat(
              MessageBatchResultLine.parse(
                  "mock", json("{\"custom_id\":\"r1\",\"result\":{\"type\":\"" + type + "\"}}")))
          .isEmpty();
    }
  }

  @Test
  void lineWithoutACustomId_isMalformed() {
    assertThatThrownBy(
            () ->
                MessageBatchResultLine.parse("mock", json("{\"result\":{\"type\":\"canceled\"}}")))
        .isInstanceOf(StrataException.class);
  }

  private static StrataException errorOfType(String type) {
    return MessageBatchResultLine.parse(
            "mock",
            json(
                "{\"custom_id\":\"r1\",\"result\":{\"type\":\"errored\",\"error\":{"
                    + "\"type\":\"error\",\"error\":{\"type\":\""
                    + type
                    + "\",\"message\":\"bad key sk-ant-abc\"}}}}"))
        .orElseThrow()
        .error()
        .orElseThrow();
  }
}
