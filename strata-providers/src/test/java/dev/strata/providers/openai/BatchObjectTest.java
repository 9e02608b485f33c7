package dev.strata.providers.openai;

import static dev.strata.providers.openai.ChatRequestJsonTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchObjectTest {
  @Test
  void parse_readsStatusCountsAndFiles() {
    BatchObject batch =
        BatchObject.parse(
            "mock",
            json(
                "{\"id\":\"batch_1\",\"status\":\"finalizing\",\"output_file_id\":\"file-out\","
                    + "\"error_file_id\":null,"
                    + "\"request_counts\":{\"total\":10,\"completed\":6,\"failed\":1}}"));

    assertThat(batch.isRunning()).isTrue();
    assertThat(batch.hasResults()).isFalse();
    assertThat(batch.done()).isEqualTo(7);
    assertThat(batch.total()).isEqualTo(10);
    assertThat(batch.outputFileId()).contains("file-out");
    assertThat(batch.errorFileId()).isEmpty();
  }

  @Test
  void failureReason_namesLinesAndCodes_andCountsWhatItDoesNotQuote() {
    StringBuilder errors = new StringBuilder();
    for (int line = 1; line <= 7; line++) {
      errors
          .append(line == 1 ? "" : ",")
          .append("{\"code\":\"invalid_json_line\",\"message\":\"Not JSON\",\"line\":")
          .append(line)
          .append('}');
    }
    BatchObject batch =
        BatchObject.parse(
            "mock",
            json(
                "{\"id\":\"batch_1\",\"status\":\"failed\",\"errors\":{\"object\":\"list\","
                    + "\"data\":["
                    + errors
                    + "]}}"));

    assertThat(batch.failureReason())
        .startsWith("line 1: Not JSON (invalid_json_line); line 2:")
        .contains("line 5:")
        .doesNotContain("line 6:")
        .endsWith("and 2 more");
  }

  @Test
  void failureReason_withoutErrors_saysSo() {
    assertThat(
            BatchObject.parse("mock", json("{\"id\":\"batch_1\",\"status\":\"failed\"}"))
                .failureReason())
        .contains("without saying why");
  }
}
