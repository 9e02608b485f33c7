package dev.strata.store.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.store.semantic.Mismatch.Signal;
import org.junit.jupiter.api.Test;

class VerifierTest {
  private final Verifier verifier = new Verifier();

  private Signal signal(String cached, String incoming) {
    return verifier.mismatch(cached, incoming).orElseThrow().signal();
  }

  @Test
  void differentDigits_areANearMiss() {
    assertThat(
            signal(
                "Have you had any positive moment today, August 8, 2016?",
                "Have you had any positive moment today, August 9, 2016?"))
        .isEqualTo(Signal.NUMBER);
    assertThat(verifier.mismatch("What is 15% of 200?", "What is 15% of 300?").orElseThrow().detail())
        .isEqualTo("200, 300");
  }

  @Test
  void differentNumberWords_areANearMiss() {
    assertThat(signal("How do I split a bill between two people?", "How do I split a bill between three people?"))
        .isEqualTo(Signal.NUMBER);
  }

  @Test
  void anAddedNumber_isANearMiss() {
    assertThat(signal("When is the next Infosys batch after October?", "When is the next Infosys batch after October 17th?"))
        .isEqualTo(Signal.NUMBER);
  }

  @Test
  void negation_isANearMiss() {
    assertThat(signal("How do you crush ice in a blender?", "How do you crush ice without a blender?"))
        .isEqualTo(Signal.NEGATION);
    assertThat(signal("Why does my phone charge?", "Why doesn't my phone charge?"))
        .isEqualTo(Signal.NEGATION);
    assertThat(signal("Is coffee good for you?", "Is coffee never good for you?"))
        .isEqualTo(Signal.NEGATION);
  }

  @Test
  void substitutedNames_areANearMiss() {
    Mismatch mismatch =
        verifier
            .mismatch(
                "How much does an Ola cab earn per month in Mumbai?",
                "How much does an Ola cab earn per month in Jaipur?")
            .orElseThrow();

    assertThat(mismatch.signal()).isEqualTo(Signal.NAME);
    assertThat(mismatch.detail()).isEqualTo("mumbai vs jaipur");
  }

  @Test
  void innerCapitals_countAsNames() {
    assertThat(signal("How do I reset my iPhone?", "How do I reset my MacBook?"))
        .isEqualTo(Signal.NAME);
  }

  @Test
  void paraphrases_pass() {
    assertThat(verifier.mismatch("How can I lose weight quickly?", "What is the fastest way to lose weight?"))
        .isEmpty();
    assertThat(verifier.mismatch("What are your failure stories?", "What is your failure story?"))
        .isEmpty();
  }

  @Test
  void nameCaseAndQuestionWords_doNotCount() {
    assertThat(verifier.mismatch("How do I learn Python?", "What is the best way to learn python?"))
        .isEmpty();
  }

  @Test
  void anAddedName_alone_passes() {
    assertThat(verifier.mismatch("Which laptop is best for students?", "Which laptop is best for students in India?"))
        .isEmpty();
  }

  @Test
  void sameNumbersInAnotherOrder_pass() {
    assertThat(verifier.mismatch("How do I lose 20-30 kg?", "How can I lose 20-30 kg in a year?"))
        .isEmpty();
  }
}
