package dev.strata.server.bedrock.provisioned;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.auth.Principal;
import dev.strata.core.error.StrataException;
import dev.strata.core.provisioned.CommitmentTerm;
import dev.strata.core.provisioned.NewProvisionedModel;
import dev.strata.core.provisioned.ProvisionedQuery;
import dev.strata.core.provisioned.ProvisionedStatus;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the bodies of CreateProvisionedModelThroughput and UpdateProvisionedModelThroughput and the
 * query of ListProvisionedModelThroughputs, with Bedrock's validation messages naming the member at
 * fault. Members it does not know are ignored, as AWS does.
 */
final class ThroughputRequests {
  private ThroughputRequests() {}

  /** What UpdateProvisionedModelThroughput asks; {@code desiredModelUnits} is Strata's own. */
  record Update(Optional<String> name, Optional<String> modelId, OptionalInt modelUnits) {}

  static NewProvisionedModel create(JsonNode body, Principal owner) {
    requireObject(body);
    return new NewProvisionedModel(
        required(body, "provisionedModelName"),
        modelName(required(body, "modelId"), "modelId"),
        units(body, "modelUnits").orElseThrow(() -> missing("modelUnits")),
        CommitmentTerm.fromWire(text(body, "commitmentDuration")),
        owner,
        tags(body),
        text(body, "clientRequestToken"));
  }

  static Update update(JsonNode body) {
    requireObject(body);
    return new Update(
        text(body, "desiredProvisionedModelName"),
        text(body, "desiredModelId").map(id -> modelName(id, "desiredModelId")),
        units(body, "desiredModelUnits"));
  }

  /** What ListProvisionedModelThroughputs asks: filters and order, page size, where to go on. */
  record ListRequest(ProvisionedQuery query, int maxResults, Optional<String> nextToken) {}

  static final int MAX_RESULTS = 1000;

  /** Reads the query parameters of ListProvisionedModelThroughputs. */
  static ListRequest list(MultiMap params) {
    String sortBy = params.get("sortBy");
    if (sortBy != null && !sortBy.equals("CreationTime")) {
      throw enumValue("sortBy", sortBy, "[CreationTime]");
    }
    String sortOrder = params.get("sortOrder");
    if (sortOrder != null && !sortOrder.equals("Ascending") && !sortOrder.equals("Descending")) {
      throw enumValue("sortOrder", sortOrder, "[Ascending, Descending]");
    }
    Optional<ProvisionedStatus> status =
        Optional.ofNullable(params.get("statusEquals"))
            .map(
                wire ->
                    ProvisionedStatus.fromWire(wire)
                        .orElseThrow(
                            () ->
                                enumValue(
                                    "statusEquals",
                                    wire,
                                    "[Creating, InService, Updating, Failed]")));
    ProvisionedQuery query =
        new ProvisionedQuery(
            time(params, "creationTimeAfter"),
            time(params, "creationTimeBefore"),
            status,
            Optional.ofNullable(params.get("modelArnEquals"))
                .map(arn -> modelName(arn, "modelArnEquals")),
            Optional.ofNullable(params.get("nameContains")),
            "Ascending".equals(sortOrder));
    int maxResults = MAX_RESULTS;
    String max = params.get("maxResults");
    if (max != null) {
      try {
        maxResults = Integer.parseInt(max);
      } catch (NumberFormatException e) {
        maxResults = -1;
      }
      if (maxResults < 1 || maxResults > MAX_RESULTS) {
        throw StrataException.invalid(
            "maxResults",
            "Value '"
                + max
                + "' at 'maxResults' failed to satisfy constraint: Member must be"
                + " between 1 and "
                + MAX_RESULTS);
      }
    }
    return new ListRequest(query, maxResults, Optional.ofNullable(params.get("nextToken")));
  }

  private static Optional<Instant> time(MultiMap params, String name) {
    String value = params.get(name);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      throw StrataException.invalid(
          name, "Value '" + value + "' at '" + name + "' is not an ISO-8601 timestamp.");
    }
  }

  private static StrataException enumValue(String member, String value, String allowed) {
    return StrataException.invalid(
        member,
        "Value '"
            + value
            + "' at '"
            + member
            + "' failed to satisfy constraint: Member must"
            + " satisfy enum value set: "
            + allowed);
  }

  /** The catalog name a model id names: an ARN names its model by its last resource segment. */
  static String modelName(String modelId, String member) {
    if (modelId.startsWith("arn:")) {
      int slash = modelId.lastIndexOf('/');
      if (slash < 0 || slash == modelId.length() - 1) {
        throw StrataException.invalid(member, "The model ARN '" + modelId + "' names no model.");
      }
      return modelId.substring(slash + 1);
    }
    return modelId;
  }

  private static void requireObject(JsonNode body) {
    if (!body.isObject()) {
      throw StrataException.invalid("The request body must be a JSON object.");
    }
  }

  private static String required(JsonNode body, String member) {
    return text(body, member).orElseThrow(() -> missing(member));
  }

  private static Optional<String> text(JsonNode body, String member) {
    JsonNode value = body.get(member);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw StrataException.invalid(member, "Value at '" + member + "' must be a string.");
    }
    if (value.textValue().isEmpty()) {
      throw StrataException.invalid(
          member,
          "Value at '"
              + member
              + "' failed to satisfy constraint: Member must have length"
              + " greater than or equal to 1");
    }
    return Optional.of(value.textValue());
  }

  private static OptionalInt units(JsonNode body, String member) {
    JsonNode value = body.get(member);
    if (value == null || value.isNull()) {
      return OptionalInt.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw StrataException.invalid(member, "Value at '" + member + "' must be a whole number.");
    }
    return OptionalInt.of(value.intValue());
  }

  private static Map<String, String> tags(JsonNode body) {
    JsonNode tags = body.get("tags");
    Map<String, String> parsed = new LinkedHashMap<>();
    if (tags == null || tags.isNull()) {
      return parsed;
    }
    if (!tags.isArray()) {
      throw StrataException.invalid("tags", "Value at 'tags' must be a list of {key, value}.");
    }
    for (JsonNode tag : tags) {
      JsonNode key = tag.get("key");
      JsonNode value = tag.get("value");
      if (!tag.isObject()
          || key == null
          || !key.isTextual()
          || value == null
          || !value.isTextual()) {
        throw StrataException.invalid(
            "tags", "Each tag must be an object with a string 'key' and a string 'value'.");
      }
      if (parsed.put(key.textValue(), value.textValue()) != null) {
        throw StrataException.invalid(
            "tags", "The tag key '" + key.textValue() + "' is given twice.");
      }
    }
    return parsed;
  }

  private static StrataException missing(String member) {
    return StrataException.invalid(
        member,
        "1 validation error detected: Value null at '"
            + member
            + "' failed to satisfy"
            + " constraint: Member must not be null");
  }
}
