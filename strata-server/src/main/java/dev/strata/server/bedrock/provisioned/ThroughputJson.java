package dev.strata.server.bedrock.provisioned;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.provisioned.ProvisionedArns;
import dev.strata.core.provisioned.ProvisionedModel;
import java.io.IOException;

/**
 * A provisioned model in Bedrock's shapes: the members of GetProvisionedModelThroughput's response
 * and of a ProvisionedModelSummary. Strata applies changes at once, so the desired model and units
 * are the current ones; timestamps are ISO-8601.
 */
final class ThroughputJson {
  private ThroughputJson() {}

  /** GetProvisionedModelThroughput's members, written into the current object. */
  static void detailFields(JsonGenerator json, ProvisionedModel model, ProvisionedArns arns)
      throws IOException {
    summaryFields(json, model, arns);
    if (model.failureMessage().isPresent()) {
      json.writeStringField("failureMessage", model.failureMessage().get());
    }
  }

  /** One ProvisionedModelSummary object. */
  static void summary(JsonGenerator json, ProvisionedModel model, ProvisionedArns arns)
      throws IOException {
    json.writeStartObject();
    summaryFields(json, model, arns);
    json.writeEndObject();
  }

  private static void summaryFields(
      JsonGenerator json, ProvisionedModel model, ProvisionedArns arns) throws IOException {
    String modelArn = arns.foundationModelArn(model.baseModel());
    json.writeStringField("provisionedModelName", model.name());
    json.writeStringField("provisionedModelArn", model.arn());
    json.writeStringField("modelArn", modelArn);
    json.writeStringField("desiredModelArn", modelArn);
    json.writeStringField("foundationModelArn", modelArn);
    json.writeNumberField("modelUnits", model.modelUnits());
    json.writeNumberField("desiredModelUnits", model.modelUnits());
    json.writeStringField("status", model.status().wireName());
    if (model.commitment().wireName().isPresent()) {
      json.writeStringField("commitmentDuration", model.commitment().wireName().get());
    }
    if (model.commitmentExpiresAt().isPresent()) {
      json.writeStringField(
          "commitmentExpirationTime", model.commitmentExpiresAt().get().toString());
    }
    json.writeStringField("creationTime", model.createdAt().toString());
    json.writeStringField("lastModifiedTime", model.lastModifiedAt().toString());
  }
}
