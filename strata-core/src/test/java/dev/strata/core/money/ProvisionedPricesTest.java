package dev.strata.core.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.money.PriceBookLoader.PriceBookException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProvisionedPricesTest {
  private static final LocalDate TODAY = LocalDate.parse("2026-01-15");

  @TempDir Path dir;

  private PriceBook read(String models) throws IOException {
    return PriceBookLoader.read(
        Files.writeString(dir.resolve("book.yaml"), "version: test\nmodels:\n" + models));
  }

  private static Optional<Money> usd(String amount) {
    return Optional.of(Money.ofUsd(amount));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "anthropic.claude-sonnet-4-20250514-v1:0  | 50000  | 9.00 | 6.75 | 4.95",
        "anthropic.claude-3-5-haiku-20241022-v1:0 | 100000 | 4.80 | 3.60 | 2.64",
        "anthropic.claude-3-haiku-20240307-v1:0   | 100000 | 1.50 | 1.13 | 0.83",
        "amazon.nova-micro-v1:0                   | 200000 | 0.37 | 0.28 | 0.20",
        "amazon.nova-lite-v1:0                    | 200000 | 0.63 | 0.47 | 0.35",
        "amazon.nova-pro-v1:0                     | 100000 | 4.20 | 3.15 | 2.31",
        "meta.llama3-1-8b-instruct-v1:0           | 200000 | 1.32 | 0.99 | 0.73",
        "meta.llama3-1-70b-instruct-v1:0          | 100000 | 2.16 | 1.62 | 1.19",
        "mistral.mistral-7b-instruct-v0:2         | 200000 | 0.98 | 0.73 | 0.54",
        "mistral.mixtral-8x7b-instruct-v0:1       | 100000 | 1.54 | 1.15 | 0.85",
      })
  void shipped_pricesEveryBedrockModelsCapacity_asAStatedAssumption(
      String model, long tokensPerMinute, String none, String oneMonth, String sixMonths) {
    ProvisionedPrice price =
        PriceBookLoader.shipped().provisionedPriceOn(model, TODAY).orElseThrow();

    assertThat(price.tokensPerMinutePerUnit()).isEqualTo(tokensPerMinute);
    assertThat(price.hourlyNoCommitment()).isEqualTo(usd(none));
    assertThat(price.hourlyOneMonth()).isEqualTo(usd(oneMonth));
    assertThat(price.hourlySixMonths()).isEqualTo(usd(sixMonths));
    assertThat(price.source()).contains("assumption");
    assertThat(price.effectiveFrom())
        .isEqualTo(PriceBookLoader.shipped().priceOn(model, TODAY).orElseThrow().effectiveFrom());
  }

  @Test
  void shipped_hasNoProvisionedPriceForModelsOutsideBedrock() {
    PriceBook book = PriceBookLoader.shipped();

    assertThat(book.allProvisioned())
        .extracting(ProvisionedPrice::modelId)
        .allSatisfy(
            id ->
                assertThat(book.priceOn(id, TODAY).orElseThrow().provider()).isEqualTo("bedrock"));
    assertThat(book.provisionedPriceOn("gpt-4o", TODAY)).isEmpty();
  }

  @Test
  void read_takesTheEntrysDateAndSource_andOnlyTheTermsGiven() throws IOException {
    PriceBook book =
        read(
            """
              m:
                - {provider: p, effective: "2025-01-01", source: "https://example.com/a",
                   input: "1", output: "2",
                   provisioned: {tokensPerMinutePerUnit: 1000, hourlyPerUnit: {oneMonth: "12.345"}}}
                - {provider: p, effective: "2025-06-01", source: "https://example.com/b",
                   input: "1", output: "2"}
                - {provider: p, effective: "2025-09-01", source: "https://example.com/c",
                   input: "1", output: "2",
                   provisioned: {tokensPerMinutePerUnit: 2000, source: "contract 42",
                                 hourlyPerUnit: {none: "20", sixMonths: "10.5"}}}
            """);

    ProvisionedPrice january =
        book.provisionedPriceOn("m", LocalDate.parse("2025-08-31")).orElseThrow();
    assertThat(january)
        .isEqualTo(
            new ProvisionedPrice(
                "m",
                LocalDate.parse("2025-01-01"),
                "https://example.com/a",
                1000,
                Optional.empty(),
                usd("12.345"),
                Optional.empty()));
    ProvisionedPrice september =
        book.provisionedPriceOn("m", LocalDate.parse("2025-09-01")).orElseThrow();
    assertThat(september.source()).isEqualTo("contract 42");
    assertThat(september.tokensPerMinutePerUnit()).isEqualTo(2000);
    assertThat(september.hourlyNoCommitment()).isEqualTo(usd("20"));
    assertThat(september.hourlyOneMonth()).isEmpty();
    assertThat(book.provisionedPriceOn("m", LocalDate.parse("2024-12-31"))).isEmpty();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{hourlyPerUnit: {none: '1'}}                                      |"
            + " models.m[0].provisioned.tokensPerMinutePerUnit is missing",
        "{tokensPerMinutePerUnit: 0, hourlyPerUnit: {none: '1'}}           |"
            + " tokensPerMinutePerUnit: '0' is not a positive whole number",
        "{tokensPerMinutePerUnit: 10}                                      |"
            + " models.m[0].provisioned.hourlyPerUnit is missing",
        "{tokensPerMinutePerUnit: 10, hourlyPerUnit: {}}                   | needs a price for at"
            + " least one of none, oneMonth, sixMonths",
        "{tokensPerMinutePerUnit: 10, hourlyPerUnit: {one_month: '1'}}     |"
            + " hourlyPerUnit.one_month is not a known field",
        "{tokensPerMinutePerUnit: 10, hourlyPerUnit: {none: 'lots'}}       | hourlyPerUnit.none:"
            + " 'lots' is not an amount in USD",
        "{tokensPerMinutePerUnit: 10, hourlyPerUnit: {none: '-1'}}         | hourlyPerUnit.none:"
            + " '-1' is not an amount in USD",
        "{tokensPerMinutePerUnit: 10, hourlyPerUnit: {none: '1'}, tpm: 5}  | provisioned.tpm is not"
            + " a known field",
        "'lots'                                                           | must be a mapping",
      })
  void read_malformedProvisionedPrice_failsNamingTheFileEntryAndField(
      String provisioned, String message) throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("bad.yaml"),
            "version: test\n"
                + "models:\n"
                + "  m:\n"
                + "    - {provider: p, effective: \"2025-01-01\", source: s, input: \"1\", output:"
                + " \"2\", provisioned: "
                + provisioned
                + "}\n");

    assertThatThrownBy(() -> PriceBookLoader.read(file))
        .isInstanceOf(PriceBookException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining(message);
  }

  @Test
  void overrides_replaceAProvisionedPriceOfTheSameDate_andKeepTheOthers() throws IOException {
    String haiku = "anthropic.claude-3-5-haiku-20241022-v1:0";
    Path overrides =
        Files.writeString(
            dir.resolve("overrides.yaml"),
            """
            version: contract
            models:
              anthropic.claude-3-5-haiku-20241022-v1:0:
                - {provider: bedrock, effective: "2024-11-04", source: "our contract",
                   input: "0.80", output: "4.00",
                   provisioned: {tokensPerMinutePerUnit: 150000, hourlyPerUnit: {sixMonths: "2.00"}}}
            """);

    PriceBook book = PriceBookLoader.shippedWithOverrides(overrides);

    ProvisionedPrice price = book.provisionedPriceOn(haiku, TODAY).orElseThrow();
    assertThat(price.tokensPerMinutePerUnit()).isEqualTo(150_000);
    assertThat(price.hourlySixMonths()).isEqualTo(usd("2.00"));
    assertThat(price.hourlyNoCommitment()).isEmpty();
    assertThat(book.provisionedPriceOn("amazon.nova-pro-v1:0", TODAY)).isPresent();
    assertThat(book.version()).isEqualTo(PriceBookLoader.shipped().version() + "+contract");
  }

  @Test
  void theOldOverrideForm_keepsTheBooksProvisionedPrices() {
    PriceBook shipped = PriceBookLoader.shipped();

    PriceBook overridden = shipped.overriddenBy("v2", List.of());

    assertThat(overridden.allProvisioned())
        .containsExactlyInAnyOrderElementsOf(shipped.allProvisioned());
  }
}
