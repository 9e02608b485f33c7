package dev.strata.providers.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NonBmpShieldTest {

  @Test
  void protectedText_hasOnlyBmpCharactersAndNoNul() {
    String protectedText = NonBmpShield.protect("emoji 🙂 math 𝔸 nul[\u0000]");

    assertThat(protectedText.chars().noneMatch(c -> c == 0 || Character.isSurrogate((char) c)))
        .isTrue();
  }

  @Test
  void restore_undoesProtect_forAnyText() {
    String[] samples = {
      "",
      "plain ascii",
      "ünïcödé ð",
      "emoji 🙂👍 math 𝔸 nul[\u0000] end",
      "markers \uF8F0 and \uF8F1 and \uF8F01f642\uF8F1 typed by a user",
      "lone surrogate \uD83D here"
    };
    for (String sample : samples) {
      assertThat(NonBmpShield.restore(NonBmpShield.protect(sample))).isEqualTo(sample);
    }
  }

  @Test
  void textWithoutUnsafeCharacters_isLeftAlone() {
    String text = "nothing to do — at all";

    assertThat(NonBmpShield.protect(text)).isSameAs(text);
    assertThat(NonBmpShield.restore(text)).isSameAs(text);
  }
}
