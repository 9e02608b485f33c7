package dev.strata.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.Principal;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetScopeTest {
  private static final Principal ALICE =
      new Principal("key-a", "acme", "search", "app", Map.of("env", "prod", "cost-center", "42"));
  private static final Principal NOBODY = new Principal("key-z", null, null, null, Map.of());

  @Test
  void parse_everyForm_roundTripsThroughItsWireForm() {
    for (String form :
        List.of(
            "deployment", "key:key-a", "team:search", "tenant:acme", "tag:env=prod", "model:gpt-4o")) {
      assertThat(BudgetScope.parse(form).wireForm()).isEqualTo(form);
      assertThat(BudgetScope.parse("  " + form + " ")).isEqualTo(BudgetScope.parse(form));
    }
  }

  @Test
  void parse_buildsTheMatchingScope() {
    assertThat(BudgetScope.parse("deployment")).isEqualTo(new BudgetScope.Deployment());
    assertThat(BudgetScope.parse("key:key-a")).isEqualTo(new BudgetScope.Key("key-a"));
    assertThat(BudgetScope.parse("team:search")).isEqualTo(new BudgetScope.Team("search"));
    assertThat(BudgetScope.parse("tenant:acme")).isEqualTo(new BudgetScope.Tenant("acme"));
    assertThat(BudgetScope.parse("model:gpt-4o")).isEqualTo(new BudgetScope.Model("gpt-4o"));
    assertThat(BudgetScope.parse("tag: env = prod ")).isEqualTo(new BudgetScope.Tag("env", "prod"));
    // Only the first '=' separates name and value.
    assertThat(BudgetScope.parse("tag:query=a=b")).isEqualTo(new BudgetScope.Tag("query", "a=b"));
  }

  @Test
  void parse_malformedForms_areInvalidRequestsNamingTheText() {
    for (String bad :
        List.of("", "everyone", "key:", "key: ", "team", "tag:env", "tag:=prod", "tag:env=",
            "project:x", "deployment:all")) {
      assertThatThrownBy(() -> BudgetScope.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              StrataException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                assertThat(e.param()).contains("scope");
              })
          .hasMessageContaining("got '" + bad + "'");
    }
  }

  @Test
  void covers_keyTeamTenantAndTag_matchThePrincipal() {
    List<String> models = List.of("gpt-4o");

    assertThat(BudgetScope.parse("deployment").covers(NOBODY, models)).isTrue();
    assertThat(BudgetScope.parse("key:key-a").covers(ALICE, models)).isTrue();
    assertThat(BudgetScope.parse("key:key-b").covers(ALICE, models)).isFalse();
    assertThat(BudgetScope.parse("team:search").covers(ALICE, models)).isTrue();
    assertThat(BudgetScope.parse("team:search").covers(NOBODY, models)).isFalse();
    assertThat(BudgetScope.parse("tenant:acme").covers(ALICE, models)).isTrue();
    assertThat(BudgetScope.parse("tenant:default").covers(NOBODY, models)).isTrue();
    assertThat(BudgetScope.parse("tag:env=prod").covers(ALICE, models)).isTrue();
    assertThat(BudgetScope.parse("tag:env=dev").covers(ALICE, models)).isFalse();
    assertThat(BudgetScope.parse("tag:env=prod").covers(NOBODY, models)).isFalse();
  }

  @Test
  void covers_model_matchesAnyOfTheRequestedAndCandidateModels() {
    BudgetScope scope = BudgetScope.parse("model:claude");

    assertThat(scope.covers(ALICE, List.of("fast", "gpt-4o", "claude"))).isTrue();
    assertThat(scope.covers(ALICE, List.of("claude"))).isTrue();
    assertThat(scope.covers(ALICE, List.of("fast", "gpt-4o"))).isFalse();
    assertThat(scope.covers(ALICE, List.of())).isFalse();
  }
}
