package dev.strata.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.money.Money;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetTest {
  private static Budget budget(String name, Money limit, List<Integer> percents) {
    return new Budget(
        "b1", name, new BudgetScope.Deployment(), BudgetPeriod.DAILY, limit, Enforcement.HARD,
        percents);
  }

  @Test
  void alertPercents_areDeduplicatedAndSorted() {
    Budget budget = budget("Team", Money.ofUsd("10"), List.of(100, 50, 80, 50));

    assertThat(budget.alertPercents()).containsExactly(50, 80, 100);
  }

  @Test
  void isHard_followsTheEnforcement() {
    Budget hard = budget("Team", Money.ofUsd("10"), List.of());

    assertThat(hard.isHard()).isTrue();
    assertThat(
            new Budget(
                    "b2", "Soft", new BudgetScope.Deployment(), BudgetPeriod.TOTAL,
                    Money.ofUsd("1"), Enforcement.SOFT, List.of())
                .isHard())
        .isFalse();
  }

  @Test
  void constructor_blankName_isInvalid() {
    assertThatThrownBy(() -> budget(" ", Money.ofUsd("10"), List.of()))
        .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.param()).contains("name"));
  }

  @Test
  void constructor_limitOfZeroOrLess_isInvalid() {
    for (Money limit : List.of(Money.ZERO, Money.ofPico(-1))) {
      assertThatThrownBy(() -> budget("Team", limit, List.of()))
          .isInstanceOfSatisfying(
              StrataException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                assertThat(e.param()).contains("limit");
              });
    }
  }

  @Test
  void constructor_thresholdOutside1To1000_isInvalid() {
    for (int percent : new int[] {0, -5, 1001}) {
      assertThatThrownBy(() -> budget("Team", Money.ofUsd("10"), List.of(50, percent)))
          .isInstanceOf(StrataException.class)
          .hasMessageContaining("got " + percent);
    }
    assertThat(budget("Team", Money.ofUsd("10"), List.of(1, 1000)).alertPercents())
        .containsExactly(1, 1000);
  }

  @Test
  void enforcement_parsesHardAndSoft() {
    assertThat(Enforcement.parse(" HARD")).isEqualTo(Enforcement.HARD);
    assertThat(Enforcement.parse("soft")).isEqualTo(Enforcement.SOFT);
    assertThat(Enforcement.SOFT.wireName()).isEqualTo("soft");
    assertThatThrownBy(() -> Enforcement.parse("strict"))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.param()).contains("enforcement"))
        .hasMessageContaining("'strict'");
  }
}
