package dev.strata.providers.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopMatcherTest {

  @Test
  void withoutStops_everythingIsReleasedAtOnce() {
    StopMatcher matcher = new StopMatcher(List.of());

    assertThat(matcher.feed("Hello")).isEqualTo(new StopMatcher.Step("Hello", false));
    assertThat(matcher.flush()).isEmpty();
  }

  @Test
  void aStopInsideOnePiece_releasesOnlyTheTextBeforeIt() {
    StopMatcher matcher = new StopMatcher(List.of("END"));

    assertThat(matcher.feed("abc END def")).isEqualTo(new StopMatcher.Step("abc ", true));
    assertThat(matcher.feed("more")).isEqualTo(new StopMatcher.Step("", true));
    assertThat(matcher.flush()).isEmpty();
  }

  @Test
  void aPossibleStopPrefix_isHeldUntilTheNextPieceSettlesIt() {
    StopMatcher matcher = new StopMatcher(List.of("END"));

    assertThat(matcher.feed("abc E")).isEqualTo(new StopMatcher.Step("abc ", false));
    assertThat(matcher.feed("N")).isEqualTo(new StopMatcher.Step("", false));
    assertThat(matcher.feed("D!")).isEqualTo(new StopMatcher.Step("", true));
  }

  @Test
  void aPrefixThatDoesNotContinue_isReleased() {
    StopMatcher matcher = new StopMatcher(List.of("END"));

    assertThat(matcher.feed("E")).isEqualTo(new StopMatcher.Step("", false));
    assertThat(matcher.feed("NX")).isEqualTo(new StopMatcher.Step("ENX", false));
  }

  @Test
  void heldTextAtTheEnd_isFlushed() {
    StopMatcher matcher = new StopMatcher(List.of("END"));

    assertThat(matcher.feed("tail EN")).isEqualTo(new StopMatcher.Step("tail ", false));
    assertThat(matcher.flush()).isEqualTo("EN");
  }

  @Test
  void theEarliestOfSeveralStops_wins() {
    StopMatcher matcher = new StopMatcher(List.of("zz", "b", ""));

    assertThat(matcher.feed("a b zz")).isEqualTo(new StopMatcher.Step("a ", true));
  }

  @Test
  void theLongestHeldPrefix_coversEveryStop() {
    StopMatcher matcher = new StopMatcher(List.of("xyz", "yq"));

    // "xy" may begin "xyz"; only "x" would be held for "yq" alone.
    assertThat(matcher.feed("axy")).isEqualTo(new StopMatcher.Step("a", false));
    assertThat(matcher.feed("q")).isEqualTo(new StopMatcher.Step("x", true));
  }
}
