package dev.strata.core.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.strata.core.money.PriceBookLoader.PriceBookException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceBookLoaderTest {
  private static final LocalDate TODAY = LocalDate.parse("2026-01-15");
  private static final Map<String, Function<ModelPrice, Optional<TokenPrice>>> OPTIONAL_PRICES =
      Map.of(
          "cacheWrite5m", ModelPrice::cacheWrite5m,
          "cacheWrite1h", ModelPrice::cacheWrite1h,
          "cacheRead", ModelPrice::cacheRead,
          "batchInput", ModelPrice::batchInput,
          "batchOutput", ModelPrice::batchOutput);

  @TempDir Path dir;

  private Path file(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  private static TokenPrice p(String usdPerMillion) {
    return TokenPrice.perMillion(usdPerMillion);
  }

  @Test
  void shipped_loadsWithItsVersion() {
    PriceBook book = PriceBookLoader.shipped();

    assertThat(book.version()).isEqualTo("2026-11-28");
    assertThat(book.modelIds()).hasSize(18);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "gpt-4o                                 | openai    | 2024-08-06 | 2.50  | 10.00 | -     | -    | 1.25    | 1.25   | 5.00",
        "gpt-4o-mini                            | openai    | 2024-07-18 | 0.15  | 0.60  | -     | -    | 0.075   | 0.075  | 0.30",
        "text-embedding-3-small                 | openai    | 2024-01-25 | 0.02  | 0     | -     | -    | -       | 0.01   | 0",
        "gemini-2.0-flash                       | gemini    | 2025-02-05 | 0.10  | 0.40  | -     | -    | 0.025   | 0.05   | 0.20",
        "text-embedding-3-large                 | openai    | 2024-01-25 | 0.13  | 0     | -     | -    | -       | 0.065  | 0",
        "claude-sonnet-4-20250514               | anthropic | 2025-05-22 | 3.00  | 15.00 | 3.75  | 6.00 | 0.30    | 1.50   | 7.50",
        "claude-3-5-haiku-20241022              | anthropic | 2024-11-04 | 0.80  | 4.00  | 1.00  | 1.60 | 0.08    | 0.40   | 2.00",
        "claude-3-haiku-20240307                | anthropic | 2024-03-13 | 0.25  | 1.25  | 0.30  | 0.50 | 0.03    | 0.125  | 0.625",
        "anthropic.claude-sonnet-4-20250514-v1:0 | bedrock  | 2025-05-22 | 3.00  | 15.00 | 3.75  | 6.00 | 0.30    | 1.50   | 7.50",
        "anthropic.claude-3-5-haiku-20241022-v1:0 | bedrock | 2024-11-04 | 0.80  | 4.00  | 1.00  | 1.60 | 0.08    | 0.40   | 2.00",
        "anthropic.claude-3-haiku-20240307-v1:0 | bedrock   | 2024-03-13 | 0.25  | 1.25  | -     | -    | -       | 0.125  | 0.625",
        "amazon.nova-micro-v1:0                 | bedrock   | 2024-12-03 | 0.035 | 0.14  | 0.035 | -    | 0.00875 | 0.0175 | 0.07",
        "amazon.nova-lite-v1:0                  | bedrock   | 2024-12-03 | 0.06  | 0.24  | 0.06  | -    | 0.015   | 0.03   | 0.12",
        "amazon.nova-pro-v1:0                   | bedrock   | 2024-12-03 | 0.80  | 3.20  | 0.80  | -    | 0.20    | 0.40   | 1.60",
        "meta.llama3-1-8b-instruct-v1:0         | bedrock   | 2024-07-23 | 0.22  | 0.22  | -     | -    | -       | 0.11   | 0.11",
        "meta.llama3-1-70b-instruct-v1:0        | bedrock   | 2024-07-23 | 0.72  | 0.72  | -     | -    | -       | 0.36   | 0.36",
        "mistral.mistral-7b-instruct-v0:2       | bedrock   | 2024-03-01 | 0.15  | 0.20  | -     | -    | -       | -      | -",
        "mistral.mixtral-8x7b-instruct-v0:1     | bedrock   | 2024-03-01 | 0.45  | 0.70  | -     | -    | -       | -      | -",
      })
  void shipped_containsEveryModelWithItsListPrices(
      String model,
      String provider,
      String effective,
      String input,
      String output,
      String cacheWrite5m,
      String cacheWrite1h,
      String cacheRead,
      String batchInput,
      String batchOutput) {
    ModelPrice price = PriceBookLoader.shipped().priceOn(model, TODAY).orElseThrow();

    assertThat(price.provider()).isEqualTo(provider);
    assertThat(price.effectiveFrom()).isEqualTo(LocalDate.parse(effective));
    assertThat(price.input()).isEqualTo(p(input));
    assertThat(price.output()).isEqualTo(p(output));
    assertThat(price.cacheWrite5m()).isEqualTo(Optional.ofNullable(cacheWrite5m).map(TokenPrice::perMillion));
    assertThat(price.cacheWrite1h()).isEqualTo(Optional.ofNullable(cacheWrite1h).map(TokenPrice::perMillion));
    assertThat(price.cacheRead()).isEqualTo(Optional.ofNullable(cacheRead).map(TokenPrice::perMillion));
    assertThat(price.batchInput()).isEqualTo(Optional.ofNullable(batchInput).map(TokenPrice::perMillion));
    assertThat(price.batchOutput()).isEqualTo(Optional.ofNullable(batchOutput).map(TokenPrice::perMillion));
  }

  @Test
  void shipped_matchesTheFileEntryForEntryAndFieldForField() throws IOException {
    JsonNode raw;
    try (InputStream in = PriceBookLoader.class.getResourceAsStream(PriceBookLoader.SHIPPED)) {
      raw = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
    PriceBook book = PriceBookLoader.shipped();
    List<String> fileModels = new ArrayList<>();
    for (Map.Entry<String, JsonNode> model : raw.get("models").properties()) {
      fileModels.add(model.getKey());
      for (JsonNode entry : model.getValue()) {
        ModelPrice loaded =
            book.priceOn(model.getKey(), LocalDate.parse(entry.get("effective").asText())).orElseThrow();
        assertThat(loaded.source()).isEqualTo(entry.get("source").asText());
        assertThat(loaded.input()).isEqualTo(p(entry.get("input").asText()));
        assertThat(loaded.output()).isEqualTo(p(entry.get("output").asText()));
        assertThat(loaded.provider()).isEqualTo(entry.get("provider").asText());
        OPTIONAL_PRICES.forEach(
            (field, accessor) ->
                assertThat(accessor.apply(loaded))
                    .as("%s %s", model.getKey(), field)
                    .isEqualTo(Optional.ofNullable(entry.get(field)).map(n -> p(n.asText()))));
      }
    }
    assertThat(book.modelIds()).containsExactlyInAnyOrderElementsOf(fileModels);
  }

  @Test
  void read_loadsAFileAndTreatsMissingOptionalPricesAsAbsent() throws IOException {
    Path path =
        file(
            "book.yaml",
            """
            version: "test-1"
            models:
              local-llama:
                - {provider: local, effective: "2025-01-01", source: "ops", input: "0.01", output: "0.02"}
                - {provider: local, effective: "2025-06-01", source: "ops", input: 0.005, output: 0.01}
            """);

    PriceBook book = PriceBookLoader.read(path);

    assertThat(book.version()).isEqualTo("test-1");
    ModelPrice early = book.priceOn("local-llama", LocalDate.parse("2025-02-01")).orElseThrow();
    assertThat(early.input()).isEqualTo(p("0.01"));
    assertThat(early.cacheRead()).isEmpty();
    assertThat(early.batchInput()).isEmpty();
    assertThat(book.priceOn("local-llama", LocalDate.parse("2025-06-01")).orElseThrow().input())
        .as("an unquoted decimal is still read exactly")
        .isEqualTo(p("0.005"));
  }

  @Test
  void shippedWithOverrides_replacesSameDateEntriesAndAddsNewOnes() throws IOException {
    Path overrides =
        file(
            "overrides.yaml",
            """
            version: "acme-2025"
            models:
              gpt-4o:
                - {provider: openai, effective: "2024-08-06", source: "acme contract", input: "2.00", output: "8.00"}
                - {provider: openai, effective: "2025-09-01", source: "acme contract", input: "1.80", output: "7.00"}
              acme-finetune:
                - {provider: openai, effective: "2025-01-01", source: "acme contract", input: "3.75", output: "15.00"}
            """);

    PriceBook book = PriceBookLoader.shippedWithOverrides(overrides);

    assertThat(book.version()).isEqualTo("2026-11-28+acme-2025");
    ModelPrice replaced = book.priceOn("gpt-4o", LocalDate.parse("2025-01-01")).orElseThrow();
    assertThat(replaced.input()).isEqualTo(p("2.00"));
    assertThat(replaced.source()).isEqualTo("acme contract");
    assertThat(replaced.cacheRead()).as("the override replaces the whole entry").isEmpty();
    assertThat(book.priceOn("gpt-4o", LocalDate.parse("2025-09-01")).orElseThrow().input())
        .isEqualTo(p("1.80"));
    assertThat(book.priceOn("acme-finetune", TODAY)).isPresent();
    assertThat(book.priceOn("gpt-4o-mini", TODAY).orElseThrow().input())
        .as("untouched models keep their shipped prices")
        .isEqualTo(p("0.15"));
  }

  @Test
  void read_missingVersion_failsNamingFileAndField() throws IOException {
    Path path = file("noversion.yaml", "models: {}\n");

    assertThatThrownBy(() -> PriceBookLoader.read(path))
        .isInstanceOf(PriceBookException.class)
        .hasMessage(path + ": 'version' is missing");
  }

  @Test
  void read_modelsNotAMapping_failsNamingFileAndField() throws IOException {
    Path path = file("list.yaml", "version: x\nmodels:\n  - gpt-4o\n");

    assertThatThrownBy(() -> PriceBookLoader.read(path))
        .isInstanceOf(PriceBookException.class)
        .hasMessage(path + ": 'models' must map model ids to price lists");
  }

  @Test
  void read_modelNotAList_failsNamingTheModel() throws IOException {
    Path path =
        file(
            "entry.yaml",
            "version: x\nmodels:\n  gpt-4o: {provider: openai, input: \"1\", output: \"2\"}\n");

    assertThatThrownBy(() -> PriceBookLoader.read(path))
        .isInstanceOf(PriceBookException.class)
        .hasMessage(path + ": models.gpt-4o must be a list of dated prices");
  }

  @Test
  void read_notAMapping_fails() throws IOException {
    Path path = file("scalar.yaml", "just a string\n");

    assertThatThrownBy(() -> PriceBookLoader.read(path))
        .isInstanceOf(PriceBookException.class)
        .hasMessageStartingWith(path + ": a price book is a mapping");
  }

  private Path bookWithEntry(String entry) throws IOException {
    return file("entry.yaml", "version: x\nmodels:\n  m1:\n    - {provider: p, source: s, effective: \"2025-01-01\", input: \"1\", output: \"2\"}\n  m2:\n    - " + entry + "\n");
  }

  @Test
  void read_missingInput_failsNamingFileEntryAndField() throws IOException {
    Path path = bookWithEntry("{provider: p, source: s, effective: \"2025-01-01\", output: \"2\"}");

    assertThatThrownBy(() -> PriceBookLoader.read(path))
        .isInstanceOf(PriceBookException.class)
        .hasMessage(path + ": models.m2[0].input is missing");
  }

  @Test
  void read_missingProvider_failsNamingTheField() throws IOException {
    Path path = bookWithEntry("{source: s, effective: \"2025-01-01\", input: \"1\", output: \"2\"}");

    assertThatThrownBy(() -> PriceBookLoader.read(path))
        .isInstanceOf(PriceBookException.class)
        .hasMessage(path + ": models.m2[0].provider is missing");
  }

  @Test
  void read_badDate_failsNamingFileEntryFieldAndValue() throws IOException {
    Path path = bookWithEntry("{provider: p, source: s, effective: \"2025-13-01\", input: \"1\", output: \"2\"}");

    assertThatThrownBy(() -> PriceBookLoader.read(path))
        .isInstanceOf(PriceBookException.class)
        .hasMessage(path + ": models.m2[0].effective: '2025-13-01' is not a date (YYYY-MM-DD)");
  }

  @Test
  void read_priceWithSevenDecimals_failsNamingFieldValueAndReason() throws IOException {
    Path path =
        bookWithEntry("{provider: p, source: s, effective: \"2025-01-01\", input: \"1\", output: \"0.1234567\"}");

    assertThatThrownBy(() -> PriceBookLoader.read(path))
        .isInstanceOf(PriceBookException.class)
        .hasMessageStartingWith(path + ": models.m2[0].output: '0.1234567' is not a price")
        .hasMessageContaining("more than six decimals");
  }

  @Test
  void read_priceThatIsNotANumber_failsNamingTheField() throws IOException {
    Path path =
        bookWithEntry("{provider: p, source: s, effective: \"2025-01-01\", input: \"cheap\", output: \"2\"}");

    assertThatThrownBy(() -> PriceBookLoader.read(path))
        .isInstanceOf(PriceBookException.class)
        .hasMessageStartingWith(path + ": models.m2[0].input: 'cheap' is not a price in USD per 1M tokens");
  }

  @Test
  void read_negativePrice_failsNamingTheField() throws IOException {
    Path path =
        bookWithEntry("{provider: p, source: s, effective: \"2025-01-01\", input: \"1\", output: \"2\", cacheRead: \"-0.1\"}");

    assertThatThrownBy(() -> PriceBookLoader.read(path))
        .isInstanceOf(PriceBookException.class)
        .hasMessage(
            path + ": models.m2[0].cacheRead: '-0.1' is not a price in USD per 1M tokens"
                + " (a price cannot be negative)");
  }

  @Test
  void read_missingFile_failsNamingTheFile() {
    Path missing = dir.resolve("nowhere.yaml");

    assertThatThrownBy(() -> PriceBookLoader.read(missing))
        .isInstanceOf(PriceBookException.class)
        .hasMessageStartingWith(missing + ": cannot read the price book");
  }

  @Test
  void read_invalidYaml_failsNamingTheFile() throws IOException {
    Path path = file("broken.yaml", "version: x\nmodels: {gpt-4o: [\n");

    assertThatThrownBy(() -> PriceBookLoader.read(path))
        .isInstanceOf(PriceBookException.class)
        .hasMessageStartingWith(path + ": cannot read the price book");
  }

  @Test
  void read_duplicateModelOrDate_failsNamingTheDuplicate() throws IOException {
    Path sameDate =
        file(
            "samedate.yaml",
            """
            version: x
            models:
              m:
                - {provider: p, source: s, effective: "2025-01-01", input: "1", output: "2"}
                - {provider: p, source: s, effective: "2025-01-01", input: "9", output: "9"}
            """);
    Path sameModel =
        file(
            "samemodel.yaml",
            """
            version: x
            models:
              m:
                - {provider: p, source: s, effective: "2025-01-01", input: "1", output: "2"}
              m:
                - {provider: p, source: s, effective: "2025-06-01", input: "9", output: "9"}
            """);

    assertThatThrownBy(() -> PriceBookLoader.read(sameDate))
        .isInstanceOf(PriceBookException.class)
        .hasMessageContaining("models.m[1]")
        .hasMessageContaining("2025-01-01");
    assertThatThrownBy(() -> PriceBookLoader.read(sameModel))
        .isInstanceOf(PriceBookException.class)
        .hasMessageContaining("'m'");
  }
}
