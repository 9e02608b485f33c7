package dev.strata.core.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriceBookTest {

  static ModelPrice price(String model, String effective, String input, String output) {
    return new ModelPrice(
        model,
        "prov",
        LocalDate.parse(effective),
        "test",
        TokenPrice.perMillion(input),
        TokenPrice.perMillion(output),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private final PriceBook book =
      new PriceBook(
          "v1",
          List.of(
              price("m", "2025-01-01", "1.00", "2.00"),
              price("m", "2025-06-01", "0.50", "1.00"),
              price("m", "2025-03-01", "0.80", "1.60"),
              price("other", "2024-01-01", "9.00", "9.00")));

  @Test
  void priceOn_picksTheEntryInForceOnThatDate() {
    assertThat(book.priceOn("m", LocalDate.parse("2025-01-01")).orElseThrow().input())
        .isEqualTo(TokenPrice.perMillion("1.00"));
    assertThat(book.priceOn("m", LocalDate.parse("2025-02-28")).orElseThrow().input())
        .isEqualTo(TokenPrice.perMillion("1.00"));
    assertThat(book.priceOn("m", LocalDate.parse("2025-03-01")).orElseThrow().input())
        .isEqualTo(TokenPrice.perMillion("0.80"));
    assertThat(book.priceOn("m", LocalDate.parse("2025-05-31")).orElseThrow().input())
        .isEqualTo(TokenPrice.perMillion("0.80"));
    assertThat(book.priceOn("m", LocalDate.parse("2030-01-01")).orElseThrow().input())
        .isEqualTo(TokenPrice.perMillion("0.50"));
  }

  @Test
  void priceOn_beforeTheFirstEffectiveDate_isEmpty() {
    assertThat(book.priceOn("m", LocalDate.parse("2024-12-31"))).isEmpty();
  }

  @Test
  void priceOn_unknownModel_isEmpty() {
    assertThat(book.priceOn("nope", LocalDate.parse("2025-06-01"))).isEmpty();
    assertThat(book.knows("nope")).isFalse();
    assertThat(book.knows("m")).isTrue();
  }

  @Test
  void modelIds_areSortedAndAllListsEveryPriceNewestFirstPerModel() {
    assertThat(book.modelIds()).containsExactly("m", "other");
    assertThat(book.all()).hasSize(4);
    assertThat(
            book.all().stream().filter(p -> p.modelId().equals("m")).map(ModelPrice::effectiveFrom))
        .containsExactly(
            LocalDate.parse("2025-06-01"),
            LocalDate.parse("2025-03-01"),
            LocalDate.parse("2025-01-01"));
  }

  @Test
  void overriddenBy_replacesTheEntryWithTheSameModelAndDate() {
    PriceBook overridden =
        book.overriddenBy("negotiated", List.of(price("m", "2025-03-01", "0.40", "0.80")));

    assertThat(overridden.priceOn("m", LocalDate.parse("2025-04-01")).orElseThrow().input())
        .isEqualTo(TokenPrice.perMillion("0.40"));
    assertThat(overridden.priceOn("m", LocalDate.parse("2025-01-15")).orElseThrow().input())
        .isEqualTo(TokenPrice.perMillion("1.00"));
    assertThat(overridden.all()).hasSize(4);
  }

  @Test
  void overriddenBy_addsNewDatesAndNewModels() {
    PriceBook overridden =
        book.overriddenBy(
            "o",
            List.of(
                price("m", "2026-01-01", "0.10", "0.20"), price("local", "2020-01-01", "0", "0")));

    assertThat(overridden.priceOn("m", LocalDate.parse("2026-02-01")).orElseThrow().input())
        .isEqualTo(TokenPrice.perMillion("0.10"));
    assertThat(overridden.priceOn("m", LocalDate.parse("2025-12-31")).orElseThrow().input())
        .isEqualTo(TokenPrice.perMillion("0.50"));
    assertThat(overridden.modelIds()).containsExactly("local", "m", "other");
  }

  @Test
  void overriddenBy_namesBothVersionsAndLeavesTheOriginalAlone() {
    PriceBook overridden =
        book.overriddenBy("negotiated", List.of(price("m", "2025-03-01", "0.40", "0.80")));

    assertThat(overridden.version()).isEqualTo("v1+negotiated");
    assertThat(book.priceOn("m", LocalDate.parse("2025-04-01")).orElseThrow().input())
        .isEqualTo(TokenPrice.perMillion("0.80"));
    assertThat(book).hasToString("PriceBook[v1, 2 models]");
  }
}
