package dev.strata.server.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.StrataException;
import org.junit.jupiter.api.Test;

class ModelIdsTest {
  @Test
  void fromPath_decodesPercentEscapes() {
    assertThat(ModelIds.fromPath("/model/anthropic.claude-v1%3A0/converse"))
        .isEqualTo("anthropic.claude-v1:0");
  }

  @Test
  void fromPath_takesTheLastSegmentOfAnArn() {
    assertThat(
            ModelIds.fromPath(
                "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Ainference-profile%2Fus.m-v1%3A0/invoke"))
        .isEqualTo("us.m-v1:0");
  }

  @Test
  void fromPath_refusesAMalformedEscape() {
    assertThatThrownBy(() -> ModelIds.fromPath("/model/a%zz/converse"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("percent-escape");
  }
}
