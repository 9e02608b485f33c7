package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.budget.BudgetStatus;
import dev.strata.core.money.Money;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SpendControlsFixtureTest {

  @Test
  void pathWithControls_reservesAndSettlesInEveryCoveringBudget_withoutTouchingTheStores() {
    try (SpendControlsFixture fixture = SpendControlsFixture.open(200)) {
      var afterSetup = fixture.storeCalls();

      for (long i = 0; i < 64; i++) {
        fixture.runWith((int) (i % 2), i);
      }

      Map<String, BudgetStatus> budgets =
          fixture.budgets().statuses().stream()
              .collect(Collectors.toMap(s -> s.budget().id(), Function.identity()));
      assertThat(fixture.ledgerRecords()).isEqualTo(64);
      assertThat(budgets.values()).allSatisfy(s -> assertThat(s.reserved().isZero()).isTrue());
      Money deployment = budgets.get("deployment-monthly").settled();
      assertThat(deployment.isZero()).isFalse();
      assertThat(budgets.get("deployment-daily").settled()).isEqualTo(deployment);
      assertThat(budgets.get("mini").settled()).isEqualTo(deployment);
      assertThat(budgets.get("team-search").settled().compareTo(deployment)).isLessThan(0);
      assertThat(budgets.get("haiku").settled().isZero()).isTrue();
      assertThat(fixture.storeCalls().since(afterSetup).isNone()).isTrue();
    }
  }

  @Test
  void everyPathAndPart_runsWithoutRefusals() {
    try (SpendControlsFixture fixture = SpendControlsFixture.open(200)) {
      for (long i = 0; i < 32; i++) {
        fixture.runWithout(0, i);
        fixture.runWith(0, i);
        fixture.reserveBudgetAlone(1, i);
        fixture.reserveAndSettle(1, i);
        fixture.admitAlone(1, i);
        fixture.admitAndSettle(1, i);
        assertThat(fixture.estimateTokens(i, SpendControlsScenario.MODEL)).isBetween(190L, 240L);
      }

      assertThat(fixture.ledgerRecords()).isEqualTo(64);
      assertThat(fixture.meanPromptBytes()).isGreaterThan(3 * (int) fixture.meanPromptTokens());
      assertThat(fixture.budgets().statuses())
          .allSatisfy(s -> assertThat(s.reserved().isZero()).isTrue());
    }
  }
}
