package dev.strata.core.money;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads price books from YAML: the one shipped inside Strata and a deployment's override file. A
 * malformed entry fails fast, naming the file, the entry and the field.
 */
public final class PriceBookLoader {
  static final String SHIPPED = "/dev/strata/core/money/pricebook.yaml";
  private static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder()
                  .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private PriceBookLoader() {}

  /** The price book shipped with this build of Strata. */
  public static PriceBook shipped() {
    try (InputStream in = PriceBookLoader.class.getResourceAsStream(SHIPPED)) {
      if (in == null) {
        throw new IllegalStateException("the shipped price book " + SHIPPED + " is missing");
      }
      return parse(YAML.readTree(in), "classpath:" + SHIPPED);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the shipped price book", e);
    }
  }

  /** The shipped book with the prices in {@code overrideFile} laid over it. */
  public static PriceBook shippedWithOverrides(Path overrideFile) {
    return shipped().overriddenBy(read(overrideFile));
  }

  public static PriceBook read(Path file) {
    try {
      return parse(YAML.readTree(Files.readAllBytes(file)), file.toString());
    } catch (IOException e) {
      throw new PriceBookException(file + ": cannot read the price book: " + e.getMessage());
    }
  }

  static PriceBook parse(JsonNode root, String origin) {
    if (root == null || !root.isObject()) {
      throw new PriceBookException(
          origin + ": a price book is a mapping with 'version' and 'models'");
    }
    String version = root.path("version").asText("");
    if (version.isBlank()) {
      throw new PriceBookException(origin + ": 'version' is missing");
    }
    JsonNode models = root.path("models");
    if (!models.isObject()) {
      throw new PriceBookException(origin + ": 'models' must map model ids to price lists");
    }
    List<ModelPrice> prices = new ArrayList<>();
    List<ProvisionedPrice> provisioned = new ArrayList<>();
    for (Map.Entry<String, JsonNode> model : models.properties()) {
      JsonNode entries = model.getValue();
      if (!entries.isArray()) {
        throw new PriceBookException(
            origin + ": models." + model.getKey() + " must be a list of dated prices");
      }
      java.util.Set<LocalDate> dates = new java.util.HashSet<>();
      for (int i = 0; i < entries.size(); i++) {
        String where = origin + ": models." + model.getKey() + "[" + i + "]";
        ModelPrice price = entry(model.getKey(), entries.get(i), where);
        if (!dates.add(price.effectiveFrom())) {
          throw new PriceBookException(
              where + ".effective: " + price.effectiveFrom() + " is listed twice for this model");
        }
        prices.add(price);
        ProvisionedPrices.read(price, entries.get(i).get("provisioned"), where + ".provisioned")
            .ifPresent(provisioned::add);
      }
    }
    return new PriceBook(version, prices, provisioned);
  }

  private static ModelPrice entry(String modelId, JsonNode node, String where) {
    return new ModelPrice(
        modelId,
        text(node, "provider", where),
        date(node, where),
        text(node, "source", where),
        price(node, "input", where).orElseThrow(() -> missing(where, "input")),
        price(node, "output", where).orElseThrow(() -> missing(where, "output")),
        price(node, "cacheWrite5m", where),
        price(node, "cacheWrite1h", where),
        price(node, "cacheRead", where),
        price(node, "batchInput", where),
        price(node, "batchOutput", where));
  }

  private static String text(JsonNode node, String field, String where) {
    String value = node.path(field).asText("");
    if (value.isBlank()) {
      throw missing(where, field);
    }
    return value;
  }

  private static LocalDate date(JsonNode node, String where) {
    String value = text(node, "effective", where);
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new PriceBookException(
          where + ".effective: '" + value + "' is not a date (YYYY-MM-DD)");
    }
  }

  private static Optional<TokenPrice> price(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    try {
      return Optional.of(TokenPrice.perMillion(value.asText()));
    } catch (IllegalArgumentException e) {
      throw new PriceBookException(
          where
              + "."
              + field
              + ": '"
              + value.asText()
              + "' is not a price in USD per 1M tokens ("
              + e.getMessage()
              + ")");
    }
  }

  static PriceBookException missing(String where, String field) {
    return new PriceBookException(where + "." + field + " is missing");
  }

  /** A price book that cannot be used, with the file, entry and field at fault. */
  public static final class PriceBookException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PriceBookException(String message) {
      super(message);
    }
  }
}
