package dev.strata.core.promptcache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.TokenPrice;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlacementRuleTest {
  /** Claude Sonnet 4: input $3, 5-minute write $3.75, read $0.30 per million tokens. */
  static final ModelPrice SONNET = price("3.00", "3.75", "0.30");

  static ModelPrice price(String input, String write, String read) {
    return new ModelPrice(
        "m",
        "anthropic",
        LocalDate.EPOCH,
        "test",
        TokenPrice.perMillion(input),
        TokenPrice.perMillion("15.00"),
        Optional.of(TokenPrice.perMillion(write)),
        Optional.empty(),
        Optional.of(TokenPrice.perMillion(read)),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void pays_oneReadOfAMinimumSonnetPrefix() {
    // 1 read × (3.00 − 0.30) × 1,024 = $0.0027648 > (3.75 − 3.00) × 1,024 = $0.000768
    PlacementRule rule = new PlacementRule(SONNET, 1_024);
    assertThat(rule.pays(1_024, 1)).isTrue();
    assertThat(rule.pays(1_023, 1)).as("below the model's minimum").isFalse();
    assertThat(rule.pays(50_000, 0)).as("never read again").isFalse();
  }

  @Test
  void pays_aDearWriteOnlyWithEnoughReads() {
    // write at 2× input: premium (6.00 − 3.00) = 3.00 per token; one read saves 2.70, two 5.40
    PlacementRule rule = new PlacementRule(price("3.00", "6.00", "0.30"), 1_024);
    assertThat(rule.pays(4_000, 1)).isFalse();
    assertThat(rule.pays(4_000, 2)).isTrue();
  }

  @Test
  void pays_novaWithoutWriteSurchargeOnceRead() {
    PlacementRule rule = new PlacementRule(price("0.80", "0.80", "0.20"), 1_000);
    assertThat(rule.pays(1_000, 1)).isTrue();
    assertThat(rule.pays(999, 5)).isFalse();
  }

  @Test
  void choose_multiTurnMarksTheNewestTurnThePreviousOneAndTheSharedPrefix() {
    List<Boundary> boundaries =
        List.of(
            new Boundary(Boundary.Kind.TOOLS, -1, 2_000, 1, false),
            new Boundary(Boundary.Kind.SYSTEM, -1, 5_000, 2, false),
            new Boundary(Boundary.Kind.MESSAGE, 0, 5_100, 3, false),
            new Boundary(Boundary.Kind.MESSAGE, 1, 5_300, 4, false),
            new Boundary(Boundary.Kind.MESSAGE, 2, 5_400, 5, false),
            new Boundary(Boundary.Kind.MESSAGE, 3, 5_600, 6, false),
            new Boundary(Boundary.Kind.MESSAGE, 4, 5_700, 7, false));
    // tools and system seen often; the conversation's earlier user turns once; the newest is new
    int[] seen = {9, 9, 2, 0, 1, 0, 0};
    List<Boundary> chosen = new PlacementRule(SONNET, 1_024).choose(boundaries, seen, 4);
    assertThat(chosen)
        .extracting(Boundary::prefixHash)
        .containsExactly(2L, 3L, 5L, 7L); // system, then the longest seen turns and the newest
    assertThat(new PlacementRule(SONNET, 1_024).choose(boundaries, seen, 2))
        .extracting(Boundary::prefixHash)
        .containsExactly(5L, 7L);
  }

  @Test
  void choose_oneOffRequestGetsNothing() {
    List<Boundary> boundaries =
        List.of(
            new Boundary(Boundary.Kind.SYSTEM, -1, 5_000, 2, false),
            new Boundary(Boundary.Kind.MESSAGE, 0, 5_100, 3, false));
    assertThat(new PlacementRule(SONNET, 1_024).choose(boundaries, new int[] {0, 0}, 4)).isEmpty();
  }

  @Test
  void choose_skipsBoundariesTheCallerMarked() {
    List<Boundary> boundaries =
        List.of(
            new Boundary(Boundary.Kind.SYSTEM, -1, 5_000, 2, true),
            new Boundary(Boundary.Kind.MESSAGE, 0, 5_100, 3, false));
    assertThat(new PlacementRule(SONNET, 1_024).choose(boundaries, new int[] {3, 0}, 3)).isEmpty();
  }
}
