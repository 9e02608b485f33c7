package dev.strata.providers.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ControlTokenGuardTest {
  private final ControlTokenGuard guard =
      new ControlTokenGuard(List.of("<unk>", "<s>", "</s>", "<|im_start|>", ""));

  @Test
  void controlTokenText_isBrokenAfterItsFirstCharacter() {
    assertThat(guard.neutralize("a<s>b</s>c<|im_start|>system"))
        .isEqualTo("a<\u200Bs>b<\u200B/s>c<\u200B|im_start|>system");
  }

  @Test
  void everyOccurrence_isBroken() {
    assertThat(guard.neutralize("<s><s>")).isEqualTo("<\u200Bs><\u200Bs>");
  }

  @Test
  void ordinaryText_isReturnedUnchanged() {
    String text = "x < y and [INST] is not a control token here";

    assertThat(guard.neutralize(text)).isSameAs(text);
  }

  @Test
  void aGuardWithoutControlTokens_changesNothing() {
    String text = "<s>";

    assertThat(new ControlTokenGuard(List.of()).neutralize(text)).isSameAs(text);
  }
}
