package dev.strata.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.money.Money;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

  static ModelEntry chat(String name) {
    return new ModelEntry(name, "p", name + "-upstream", new PriceSource.Listed(name), OptionalInt.empty(), false);
  }

  private final ModelCatalog catalog =
      new ModelCatalog(
          List.of(chat("a"), chat("b"), chat("c")), Map.of("fast", List.of("c", "a", "b")));

  @Test
  void resolve_modelName_isThatModelAlone() {
    assertThat(catalog.resolve("b")).containsExactly(chat("b"));
  }

  @Test
  void resolve_alias_isItsModelsInFallbackOrder() {
    assertThat(catalog.resolve("fast")).extracting(ModelEntry::name).containsExactly("c", "a", "b");
  }

  @Test
  void resolve_unknownName_isNotFoundModelNotFound() {
    assertThatThrownBy(() -> catalog.resolve("gpt-7"))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
              assertThat(e.code()).contains("model_not_found");
              assertThat(e.param()).contains("model");
              assertThat(e).hasMessage("The model 'gpt-7' does not exist");
            });
  }

  @Test
  void constructor_duplicateModelName_isRejected() {
    assertThatThrownBy(() -> new ModelCatalog(List.of(chat("a"), chat("a")), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model 'a' is defined twice");
  }

  @Test
  void constructor_aliasNamingUnknownModel_isRejected() {
    assertThatThrownBy(() -> new ModelCatalog(List.of(chat("a")), Map.of("x", List.of("a", "zz"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alias 'x' names unknown model 'zz'");
  }

  @Test
  void constructor_aliasWithTheNameOfAModel_isRejected() {
    assertThatThrownBy(() -> new ModelCatalog(List.of(chat("a"), chat("b")), Map.of("a", List.of("b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alias 'a' has the same name as a model");
  }

  @Test
  void constructor_aliasNamingNoModel_isRejected() {
    assertThatThrownBy(() -> new ModelCatalog(List.of(chat("a")), Map.of("x", List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alias 'x' names no model");
  }

  @Test
  void models_keepConfigurationOrder() {
    ModelCatalog ordered = new ModelCatalog(List.of(chat("z"), chat("a"), chat("m")), Map.of());

    assertThat(ordered.models()).extracting(ModelEntry::name).containsExactly("z", "a", "m");
    assertThat(ordered.model("a")).contains(chat("a"));
    assertThat(ordered.model("fast")).isEmpty();
    assertThat(catalog.aliases()).containsOnlyKeys("fast");
  }

  @Test
  void constructor_copiesAliasListsSoLaterEditsCannotChangeRouting() {
    List<String> targets = new ArrayList<>(List.of("a"));
    Map<String, List<String>> aliases = new LinkedHashMap<>();
    aliases.put("x", targets);
    ModelCatalog copied = new ModelCatalog(List.of(chat("a"), chat("b")), aliases);

    targets.add(0, "unknown");

    assertThat(copied.resolve("x")).extracting(ModelEntry::name).containsExactly("a");
    assertThat(copied.aliases().get("x")).containsExactly("a");
  }

  @Test
  void machineTime_rejectsNegativeCostAndNoSlots() {
    assertThatThrownBy(() -> new PriceSource.MachineTime(Money.ofMicros(-1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a machine cost cannot be negative");
    assertThatThrownBy(() -> new PriceSource.MachineTime(Money.ofMicros(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parallelSlots must be at least 1");
  }
}
