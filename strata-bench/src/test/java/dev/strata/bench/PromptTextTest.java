package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.tokens.OpenAiTokenCounters;
import dev.strata.core.tokens.TokenCounter;
import org.junit.jupiter.api.Test;

class PromptTextTest {
  private final TokenCounter counter = OpenAiTokenCounters.forModel("gpt-4o-mini");

  @Test
  void of_reachesTheRequestedSize_withinASentence() {
    String text = PromptText.of(1500, counter, 7);

    assertThat(counter.count(text)).isBetween(1500L, 1510L);
    assertThat(text).contains(". ").contains("\n");
  }

  @Test
  void of_isTheSameForTheSameSeed_andDiffersForAnother() {
    assertThat(PromptText.of(200, counter, 1)).isEqualTo(PromptText.of(200, counter, 1));
    assertThat(PromptText.of(200, counter, 1)).isNotEqualTo(PromptText.of(200, counter, 2));
  }
}
