package dev.strata.providers.openai;

import static dev.strata.providers.openai.ChatRequestJsonTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Usage;
import dev.strata.core.provider.NativeBatchPoll.NativeBatchResult;
import org.junit.jupiter.api.Test;

class BatchResultLineTest {
  private static final String COMPLETION =
      "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"Paris\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":5,\"total_tokens\":1205,"
          + "\"prompt_tokens_details\":{\"cached_tokens\":1024}}}";

  @Test
  void answeredLine_isReadLikeAnOnDemandAnswer_cachedTokensApart() {
    NativeBatchResult result =
        parse(
            "{\"id\":\"batch_req_1\",\"custom_id\":\"r1\",\"response\":{\"status_code\":200,"
                + "\"request_id\":\"req_1\",\"body\":"
                + COMPLETION
                + "},\"error\":null}");

    assertThat(result.customId()).isEqualTo("r1");
    assertThat(result.answer().orElseThrow().output().content())
        .containsExactly(new ContentBlock.Text("Paris"));
    assertThat(result.answer().orElseThrow().usage()).contains(new Usage(176, 5, 1024, 0, 0));
  }

  @Test
  void lineWithAnErrorStatus_isTheErrorThatStatusMeans() {
    StrataException error =
        parse(
                "{\"custom_id\":\"r1\",\"response\":{\"status_code\":503,\"body\":"
                    + "{\"error\":{\"message\":\"Overloaded\"}}},\"error\":null}")
            .error()
            .orElseThrow();

    assertThat(error.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(error.isRetryable()).isTrue();
    assertThat(error.getMessage()).contains("Overloaded");
  }

  @Test
  void lineWithABatchError_isAnUpstreamErrorCarryingItsCode() {
    StrataException error =
        parse(
                "{\"custom_id\":\"r1\",\"response\":null,"
                    + "\"error\":{\"code\":\"server_error\",\"message\":\"Something broke\"}}")
            .error()
            .orElseThrow();

    assertThat(error.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(error.code()).contains("server_error");
    assertThat(error.getMessage()).contains("Something broke");
  }

  @Test
  void expiredOrCancelledRequest_hasNoResult() {
    for (String code : new String[] {"batch_expired", "batch_cancelled"}) {
      assertThat(
              BatchResultLine.parse(
                  "mock",
                  json(
                      "{\"custom_id\":\"r1\",\"response\":null,\"error\":{\"code\":\""
                          + code
                          + "\",\"message\":\"did not run\"}}")))
          .isEmpty();
    }
  }

  @Test
  void unreadableAnswer_isAnErrorResult_notALostCall() {
    StrataException error =
        parse("{\"custom_id\":\"r1\",\"response\":{\"status_code\":200,\"body\":{}}}")
            .error()
            .orElseThrow();
    assertThat(error.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
  }

  @Test
  void lineWithoutACustomId_isMalformed() {
    assertThatThrownBy(
            () ->
                BatchResultLine.parse(
                    "mock", json("{\"response\":{\"status_code\":200,\"body\":{}}}")))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  private static NativeBatchResult parse(String line) {
    return BatchResultLine.parse("mock", json(line)).orElseThrow();
  }
}
