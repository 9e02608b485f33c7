package dev.strata.bench.mock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextFragmentsTest {

  @Test
  void split_givesRequestedPiecesThatConcatenateToText() {
    assertThat(TextFragments.split("abcdefghij", 3)).containsExactly("abc", "def", "ghij");
  }

  @Test
  void split_givesOnePiecePerCharacter_whenTextIsShort() {
    assertThat(TextFragments.split("ab", 5)).containsExactly("a", "b");
  }

  @Test
  void split_keepsSurrogatePairsWhole() {
    assertThat(TextFragments.split("a\uD83D\uDE00b", 3)).containsExactly("a", "\uD83D\uDE00", "b");
  }

  @Test
  void split_givesOneEmptyPiece_whenTextIsEmpty() {
    assertThat(TextFragments.split("", 4)).containsExactly("");
  }
}
